using AuditTrail.Cli.Archive;
using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Store;
using AuditTrail.Cli.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Tests;

/// <summary><c>purge --execute</c> over more than one batch while someone places a legal hold.</summary>
public sealed class PurgeHoldDuringRunTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    /// <summary>
    /// A hold placed after the first batch went (by the application, over HTTP, or another operator) keeps its records:
    /// the purge takes the holds' cutoff again before each batch and stops before the first held record.
    /// </summary>
    [Fact]
    public async Task Run_HoldPlacedAfterTheFirstBatch_StopsBeforeTheHeldRecord()
    {
        var records = TestTrail.Hourly(Start, PurgeCommand.BatchSize + 10, ("server.updated", AuditActionType.Update)).ToArray();
        var held = PurgeCommand.BatchSize + 4;
        records[held] = records[held] with { TenantId = "held" };
        await _trail.WriteAsync(records);
        await using var sqlite = _trail.OpenStore();
        await using var services = CliServices.Build(sqlite);
        var holds = services.GetRequiredService<IAuditLegalHolds>();
        var store = HoldAfterFirstPurgeBatch(sqlite, holds);

        var purged = await PurgeExecution.RunAsync(store, Start.AddYears(1), signing: null, CancellationToken.None, holds);

        purged.Should().Be(held, "the first batch went before the hold, then the records before the held one");
        (await sqlite.GetAsync(records[held].Id)).Should().NotBeNull("a hold placed during the purge keeps its record");
        (await PurgedCutoffAsync(sqlite)).Should().Be(records[held].OccurredAt, "the record of the purge names the cutoff it kept to");
    }

    /// <summary>
    /// <c>archive --purge</c> likewise: a hold placed after the first segment's purge keeps its record; the run archives
    /// and purges up to it, and the archive and the store still verify as one chain.
    /// </summary>
    [Fact]
    public async Task Archive_HoldPlacedAfterTheFirstSegmentsPurge_StopsBeforeTheHeldRecord_AndTheArchiveVerifies()
    {
        var records = TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)).ToArray();
        const int held = 12;
        records[held] = records[held] with { TenantId = "held" };
        await _trail.WriteAsync(records);
        await using var sqlite = _trail.OpenStore();
        await using var services = CliServices.Build(sqlite);
        var holds = services.GetRequiredService<IAuditLegalHolds>();
        var store = HoldAfterFirstPurgeBatch(sqlite, holds);
        var sink = new DirectoryAuditArchiveSink(_trail.PathOf("archive"));

        var result = await ArchiveExecution.RunAsync(
            store, sink, new AuditArchiveOptions { MaxRecordsPerSegment = 5 }, signer: null, Start.AddYears(1), purge: true, services, signAnchor: false, CancellationToken.None);

        result.RecordsPurged.Should().Be(held, "the first segment went before the hold, then the records before the held one");
        (await sqlite.GetAsync(records[held].Id)).Should().NotBeNull("a hold placed during the run keeps its record");
        (await sqlite.GetAsync(records[held - 1].Id)).Should().BeNull();
        (await new AuditArchiveVerifier(sink, keys: null, sqlite).VerifyAsync()).IsValid.Should().BeTrue("the archive holds what went and the store continues it");
        (await PurgedCutoffAsync(sqlite)).Should().Be(records[held].OccurredAt, "the record of the purge names the cutoff it kept to, not the one asked for");
    }

    /// <summary>The store that places a hold on tenant "held" once its first purge batch is done, as an operator might then.</summary>
    private static AfterFirstPurgeBatchStore HoldAfterFirstPurgeBatch(IAuditStore store, IAuditLegalHolds holds) =>
        new(store, () => holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "held" }, "Case 2026-17", AuditActor.User("legal", "Legal")));

    /// <summary>The cutoff that the one <c>audit.purged</c> record names.</summary>
    private static async Task<DateTimeOffset> PurgedCutoffAsync(AuditTrail.Sqlite.SqliteAuditStore store)
    {
        var purged = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 10));
        return DateTimeOffset.Parse(purged.Should().ContainSingle().Subject.Metadata["cutoff"], System.Globalization.CultureInfo.InvariantCulture);
    }
}
