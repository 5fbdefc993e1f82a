using AuditTrail.Cli.Archive;
using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Store;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>purge --execute</c> and <c>archive --purge</c> stopped part way (Ctrl-C or SIGTERM between batches): the batches
/// that went are recorded as <c>audit.purged</c>, and the message says how many went.
/// </summary>
public sealed class PurgeInterruptionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Run_CancelledAfterTheFirstBatch_RecordsWhatWent_AndSaysHowMany()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, PurgeCommand.BatchSize + 10, ("server.updated", AuditActionType.Update)));
        using var cancel = new CancellationTokenSource();
        await using var sqlite = _trail.OpenStore();
        var store = new AfterFirstPurgeBatchStore(sqlite, () => cancel.CancelAsync());

        var run = () => PurgeExecution.RunAsync(store, Start.AddYears(1), signing: null, cancel.Token);

        (await run.Should().ThrowAsync<CliConnectionException>()).Which.Message.Should()
            .Contain($"Cancelled after purging {PurgeCommand.BatchSize} record(s)").And.Contain("recorded as audit.purged");
        var purged = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10));
        purged.Should().ContainSingle().Which.Metadata["purged_count"].Should().Be($"{PurgeCommand.BatchSize}");
        (await store.CountAsync(AuditFilter.All)).Should().Be(11, "ten records stay, and the purge's record");
    }

    [Fact]
    public async Task Archive_CancelledAfterTheFirstSegmentsPurge_RecordsWhatWent_AndSaysHowMany()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        using var cancel = new CancellationTokenSource();
        await using var sqlite = _trail.OpenStore();
        var store = new AfterFirstPurgeBatchStore(sqlite, () => cancel.CancelAsync());
        await using var services = CliServices.Build(store);
        var sink = new DirectoryAuditArchiveSink(_trail.PathOf("archive"));

        var run = () => ArchiveExecution.RunAsync(
            store, sink, new AuditArchiveOptions { MaxRecordsPerSegment = 5 }, signer: null, Start.AddYears(1), purge: true, services, signAnchor: false, cancel.Token);

        (await run.Should().ThrowAsync<CliConnectionException>()).Which.Message.Should()
            .Contain("Cancelled after archiving and purging 5 record(s)").And.Contain("recorded as audit.purged");
        var purged = await sqlite.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10));
        purged.Should().ContainSingle().Which.Metadata["purged_count"].Should().Be("5");
        (await new AuditArchiveVerifier(sink, keys: null, sqlite).VerifyAsync()).IsValid.Should().BeTrue("the archive holds what went and the store continues it");
    }
}
