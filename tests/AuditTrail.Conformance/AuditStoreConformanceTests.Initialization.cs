using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task InitializeAsync_Twice_SucceedsAndKeepsData()
    {
        await Store.InitializeAsync();
        var record = Some.Record();
        await WriteAsync(record);

        await Store.InitializeAsync();

        ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
    }

    [Fact]
    public async Task InitializeAsync_ManyConcurrentCalls_Succeed()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.InitializeAsync())));

        (await Store.CountAsync(AuditFilter.All)).Should().Be(0);
    }

    [Fact]
    public async Task EveryOperation_WithoutInitializeAsync_InitializesLazily()
    {
        (await Store.CountAsync(AuditFilter.All)).Should().Be(0);
        (await QueryAsync(AuditFilter.All)).Should().BeEmpty();
        (await StreamAllAsync(AuditFilter.All)).Should().BeEmpty();
        (await Store.GetAsync(Some.Id())).Should().BeNull();
        (await Store.GetFacetsAsync(AuditFilter.All)).Actors.Should().BeEmpty();
        (await Store.GetNewestRecordedAtAsync()).Should().BeNull();
        (await Store.PurgeAsync(Some.Time(0), 1)).Should().Be(0);
    }

    [Fact]
    public async Task WriteAsync_AsTheFirstOperation_InitializesLazily()
    {
        var record = Some.Record();

        await WriteAsync(record);

        ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
    }

    [Fact]
    public async Task ConcurrentFirstOperations_InitializeOnce()
    {
        var records = Some.Records(8, Some.Time);

        await Task.WhenAll(records.Select(record => Task.Run(() => Store.WriteAsync([record]))).Append(Task.Run(() => Store.CountAsync(AuditFilter.All))));

        (await Store.CountAsync(AuditFilter.All)).Should().Be(8);
    }
}
