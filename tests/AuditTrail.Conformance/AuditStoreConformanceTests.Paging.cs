using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(1000)]
    public async Task Paging_RecordsWithIdenticalTimestamps_ReturnsEveryRecordOnceInOrder(int pageSize)
    {
        var records = Some.Records(257, _ => Some.BaseTime);
        await WriteAsync(records);

        var ids = await PageThroughAsync(AuditFilter.All, pageSize);

        ids.Should().Equal(AuditOrder.NewestFirstIds(records));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    public async Task Paging_RecordsWithDistinctTimestamps_ReturnsEveryRecordOnceInOrder(int pageSize)
    {
        // Written oldest-last and a microsecond apart, so neither write order nor whole seconds give the answer.
        var records = Some.Records(257, i => Some.Micros(Some.BaseTime, -i)).Reverse().ToArray();
        await WriteAsync(records);

        var ids = await PageThroughAsync(AuditFilter.All, pageSize);

        ids.Should().Equal(AuditOrder.NewestFirstIds(records));
    }

    [Fact]
    public async Task Paging_RecordsInGroupsOfEqualTimestamps_ReturnsEveryRecordOnceInOrder()
    {
        var records = Some.Records(257, i => Some.Time((i * 7) % 13));
        await WriteAsync(records);

        var ids = await PageThroughAsync(AuditFilter.All, 9);

        ids.Should().Equal(AuditOrder.NewestFirstIds(records));
    }

    [Fact]
    public async Task Paging_WithAFilter_ReturnsEveryMatchOnceInOrder()
    {
        var records = Some.Records(120, i => Some.Time(i % 5))
            .Select((record, i) => i % 3 == 0 ? record with { Actor = AuditActor.User("alice", "Alice") } : record)
            .ToArray();
        await WriteAsync(records);
        var filter = new AuditFilter { ActorIds = ["alice"] };

        var ids = await PageThroughAsync(filter, 7);

        ids.Should().Equal(AuditOrder.NewestFirstIds(records.Where(record => record.Actor.Id == "alice")));
    }

    [Fact]
    public async Task Paging_WhileNewRecordsArrive_ReturnsEveryEarlierRecordOnceWithoutDuplicates()
    {
        var existing = Some.Records(100, i => Some.Time(i % 20));
        await WriteAsync(existing);
        var arrivals = new List<AuditRecord>();

        var ids = await PageThroughAsync(AuditFilter.All, 10, async page =>
        {
            // Newer records (the usual case) and ones sharing the newest existing timestamp.
            var batch = Some.Records(5, i => Some.Time(1000 + (page * 5) + i)).Append(Some.Record(Some.Time(19))).ToArray();
            arrivals.AddRange(batch);
            await Store.WriteAsync(batch);
        });

        ids.Should().OnlyHaveUniqueItems();
        ids.Where(existing.Select(record => record.Id).ToHashSet().Contains)
            .Should().Equal(AuditOrder.NewestFirstIds(existing));
        ids.Should().BeSubsetOf(existing.Concat(arrivals).Select(record => record.Id));
    }

    [Fact]
    public async Task Paging_FromAPositionThatIsNotStored_ContinuesAfterIt()
    {
        var records = Some.Records(20, i => Some.Time(i % 4));
        await WriteAsync(records);
        var ordered = AuditOrder.NewestFirst(records);
        var position = new AuditPosition(Some.Time(2), ordered.First(record => record.OccurredAt == Some.Time(2)).Id);
        var deleted = position with { Id = Guid.Parse("80000000-0000-0000-0000-000000000000") };

        var page = await Store.QueryAsync(new AuditStoreQuery(AuditFilter.All, deleted, 100));

        page.Select(record => record.Id).Should().Equal(ordered
            .Where(record => record.OccurredAt < Some.Time(2)
                || (record.OccurredAt == Some.Time(2) && string.CompareOrdinal(record.Id.ToString("D"), deleted.Id.ToString("D")) < 0))
            .Select(record => record.Id));
    }

    [Fact]
    public async Task Query_OrdersEqualTimesByIdAsLowercaseText()
    {
        // Their text order differs from the order of their bytes, which is how some databases compare GUIDs.
        var ids = new[]
        {
            "00000001-0000-0000-0000-000000000000",
            "00000100-0000-0000-0000-000000000000",
            "0000000a-0000-0000-0000-000000000000",
            "00000009-0000-0000-0000-000000000000",
            "ffffffff-0000-0000-0000-000000000000",
            "00000000-0000-0000-0000-0000000000ff",
            "00000000-0000-0000-0100-000000000000",
            "00000000-0100-0000-0000-000000000000",
        };
        var records = ids.Select(id => Some.Record() with { Id = Guid.Parse(id) }).ToArray();
        await WriteAsync(records);

        var page = await QueryAsync(AuditFilter.All);

        page.Select(record => record.Id.ToString("D")).Should().Equal(ids.OrderByDescending(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Query_ReturnsAtMostTheLimit_NewestFirst()
    {
        var records = Some.Records(30, Some.Time);
        await WriteAsync(records);

        var page = await Store.QueryAsync(new AuditStoreQuery(AuditFilter.All, null, 7));

        page.Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(records).Take(7));
    }

    [Fact]
    public async Task Query_EmptyStore_ReturnsNothing()
    {
        (await QueryAsync(AuditFilter.All)).Should().BeEmpty();
    }
}
