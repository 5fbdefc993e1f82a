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
    public async Task StreamAsync_RowsStoredOutOfTimeOrder_YieldsEveryRecordOnceNewestFirst()
    {
        // Storage order unrelated to time, many shared times: a store that reads pages in parallel must still
        // hand them over in exact (time, id) order across every page boundary.
        var random = new Random(20261122);
        var records = Enumerable.Range(0, 3_100).Select(_ => Some.Record(Some.Time(random.Next(0, 900)))).ToArray();
        foreach (var batch in records.Chunk(500))
        {
            await Store.WriteAsync(batch);
        }

        var streamed = await StreamAllAsync(AuditFilter.All);

        streamed.Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(records));
        (await StreamAllAsync(new AuditFilter { To = Some.Time(450) })).Select(record => record.Id)
            .Should().Equal(AuditOrder.NewestFirstIds(records.Where(record => record.OccurredAt < Some.Time(450))));
    }

    [Fact]
    public async Task StreamAsync_RecordsWrittenWhileStreaming_MissNoEarlierRecord_AndNothingRepeats()
    {
        var before = Some.Records(3_000, i => Some.Time(i));
        await WriteAsync(before);

        // Written after the stream has started, with times all over the range already planned or read.
        var during = Some.Records(300, i => Some.Time(i * 10).AddTicks(5));
        var streamed = new List<AuditRecord>();
        await foreach (var record in Store.StreamAsync(AuditFilter.All))
        {
            streamed.Add(record);
            if (streamed.Count == 100)
            {
                await WriteAsync(during);
            }
        }

        var ids = streamed.Select(record => record.Id).ToList();
        ids.Should().OnlyHaveUniqueItems();
        ids.Should().Contain(before.Select(record => record.Id));
        ids.Except(before.Select(record => record.Id)).Should().BeSubsetOf(during.Select(record => record.Id));
        streamed.Select(record => (record.OccurredAt, Id: record.Id.ToString("D")))
            .Should().BeInDescendingOrder(Comparer<(DateTimeOffset OccurredAt, string Id)>.Create((a, b) =>
                a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : string.CompareOrdinal(a.Id, b.Id)));
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
