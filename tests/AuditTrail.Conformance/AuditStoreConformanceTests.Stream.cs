using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task StreamAsync_EmptyStore_YieldsNothing()
    {
        (await StreamAllAsync(AuditFilter.All)).Should().BeEmpty();
    }

    [Fact]
    public async Task StreamAsync_ManyRecords_YieldsEveryRecordOnceNewestFirst()
    {
        // More than a store would read per round trip, with ties spanning any page boundary.
        var records = Some.Records(2_503, i => Some.Time(i / 7));
        await WriteAsync(records);

        var streamed = await StreamAllAsync(AuditFilter.All);

        streamed.Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(records));
    }

    [Fact]
    public async Task StreamAsync_AppliesFilterAndScope()
    {
        var records = Some.Records(1_200, i => Some.Time(i % 50))
            .Select((record, i) => record with { Actor = AuditActor.User(i % 2 == 0 ? "alice" : "bob", "Someone") })
            .ToArray();
        await WriteAsync(records);

        var streamed = await StreamAllAsync(new AuditFilter { ScopeActorId = "alice", ActorIds = ["alice", "bob"], From = Some.Time(10) });

        streamed.Select(record => record.Id).Should().Equal(
            AuditOrder.NewestFirstIds(records.Where(record => record.Actor.Id == "alice" && record.OccurredAt >= Some.Time(10))));
    }

    [Fact]
    public async Task StreamAsync_RecordsAreComplete()
    {
        var record = Some.FullRecord();
        await WriteAsync(record);

        ShouldBeSameRecords(await StreamAllAsync(AuditFilter.All), [record]);
    }

    [Fact]
    public async Task StreamAsync_Canceled_StopsWithOperationCanceledException()
    {
        await WriteAsync(Some.Records(2_100, i => Some.Time(i)));
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        var stream = async () =>
        {
            await foreach (var _ in Store.StreamAsync(AuditFilter.All, cancellation.Token))
            {
                seen++;
                await cancellation.CancelAsync();
            }
        };

        await stream.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().BeLessThan(2_100);
    }
}
