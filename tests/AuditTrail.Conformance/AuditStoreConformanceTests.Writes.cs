using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task WriteAsync_SameBatchTwice_StoresOneCopyOfEach()
    {
        var batch = Some.Records(3, Some.Time);

        await Store.WriteAsync(batch);
        await Store.WriteAsync(batch);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(3);
        (await QueryAsync(AuditFilter.All)).Select(record => record.Id).Should().BeEquivalentTo(batch.Select(record => record.Id));
    }

    [Fact]
    public async Task WriteAsync_BatchOverlappingStoredIds_AddsOnlyTheNewRecordsAndKeepsTheStoredOnes()
    {
        var first = Some.Record(Some.Time(1));
        var second = Some.Record(Some.Time(2));
        var third = Some.Record(Some.Time(3));
        await WriteAsync(first, second);

        await WriteAsync(second with { Description = "a retry must not overwrite" }, third);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(3);
        ShouldBeSameRecord(await Store.GetAsync(second.Id), second);
        ShouldBeSameRecord(await Store.GetAsync(third.Id), third);
    }

    [Fact]
    public async Task WriteAsync_SameIdTwiceInOneBatch_StoresTheFirst()
    {
        var record = Some.Record();

        await WriteAsync(record, record with { Description = "second copy" });

        (await Store.CountAsync(AuditFilter.All)).Should().Be(1);
        ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
    }

    [Fact]
    public async Task WriteAsync_EmptyBatch_StoresNothing()
    {
        await Store.WriteAsync([]);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(0);
    }

    [Fact]
    public async Task WriteAsync_BatchThatFailsPartway_StoresNoneOfIt()
    {
        var stored = Some.Record(Some.Time(0));
        await WriteAsync(stored);
        var fresh = Some.Records(3, i => Some.Time(i + 1));

        // A null element fails the batch after earlier elements were seen: an atomic store keeps none of them.
        var write = () => Store.WriteAsync([fresh[0], stored, fresh[1], fresh[2], null!]);

        await write.Should().ThrowAsync<Exception>();
        (await Store.CountAsync(AuditFilter.All)).Should().Be(1);
        (await Store.GetAsync(fresh[0].Id)).Should().BeNull();
        ShouldBeSameRecord(await Store.GetAsync(stored.Id), stored);
    }

    [Fact]
    public async Task WriteAsync_CanceledBeforehand_ThrowsAndStoresNothing()
    {
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        var write = () => Store.WriteAsync(Some.Records(3, Some.Time), canceled.Token);

        await write.Should().ThrowAsync<OperationCanceledException>();
        (await Store.CountAsync(AuditFilter.All)).Should().Be(0);
    }

    [Fact]
    public async Task WriteAsync_LargeBatch_StoresEveryRecord()
    {
        var batch = Some.Records(2_000, i => Some.Time(i % 17));

        await Store.WriteAsync(batch);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(batch.Length);
        (await StreamAllAsync(AuditFilter.All)).Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(batch));
    }

    [Fact]
    public async Task WriteAsync_ConcurrentBatches_StoreEveryRecordOnce()
    {
        var batches = Enumerable.Range(0, 16).Select(b => Some.Records(25, i => Some.Time((b * 25) + i))).ToArray();
        var overlapping = batches.Select((batch, b) => b == 0 ? batch : [.. batch, .. batches[0].Take(5)]).ToArray();

        await Task.WhenAll(overlapping.Select(batch => Task.Run(() => Store.WriteAsync(batch))));

        var all = batches.SelectMany(batch => batch).ToArray();
        (await Store.CountAsync(AuditFilter.All)).Should().Be(all.Length);
        (await StreamAllAsync(AuditFilter.All)).Select(record => record.Id).Should().Equal(AuditOrder.NewestFirstIds(all));
    }
}
