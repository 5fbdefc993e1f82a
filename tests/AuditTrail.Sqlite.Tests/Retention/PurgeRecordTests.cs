using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>A purge is recorded (<see cref="AuditActions.AuditPurged"/>) once rows are gone, even when signing its anchor fails.</summary>
public sealed class PurgeRecordTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Purge_WhoseAnchorCannotBeSigned_IsStillRecorded_ThenTheFailureIsThrown()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o => o.Retention.Period = TimeSpan.FromDays(90)).UseSqlite(_database.Path);
        services.AddSingleton<IAuditCheckpointWriter, FailingCheckpointWriter>();
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        var pass = () => provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        await pass.Should().ThrowAsync<IOException>().WithMessage("*checkpoint folder is gone*");
        var purged = await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditPurged] });
        purged.Items.Should().ContainSingle().Which.Metadata["purged_count"].Should().Be("5");
    }

    [Fact]
    public async Task Purge_CancelledBetweenBatches_RecordsWhatWent_ThenThrows()
    {
        using var cancel = new CancellationTokenSource();
        var store = new CancelAfterFirstBatchStore(_database.CreateStore(), cancel);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.BatchSize = 2;
        }).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        var pass = () => provider.GetRequiredService<IAuditRetention>().PurgeAsync(cancel.Token);

        await pass.Should().ThrowAsync<OperationCanceledException>();
        var purged = await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditPurged] });
        purged.Items.Should().ContainSingle("the first batch's two records are gone, and every purge is recorded")
            .Which.Metadata["purged_count"].Should().Be("2");
        (await store.CountAsync(AuditFilter.All)).Should().Be(5, "three old records, the recent one and the purge's record");
    }

    /// <summary>Cancels the pass once the first batch is purged, as a host stopping mid-purge does.</summary>
    private sealed class CancelAfterFirstBatchStore(IAuditStore inner, CancellationTokenSource cancel) : DelegatingAuditStore(inner)
    {
        public override async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
        {
            var deleted = await Inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);
            await cancel.CancelAsync();
            return deleted;
        }
    }

    private sealed class FailingCheckpointWriter : IAuditCheckpointWriter
    {
        public Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditCheckpoint?>(null);

        public Task<AuditCheckpoint?> AnchorAsync(CancellationToken cancellationToken = default) =>
            throw new IOException("The checkpoint folder is gone.");
    }
}
