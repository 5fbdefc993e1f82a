using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>A legal hold placed while a retention pass is under way, by another process on the same file.</summary>
public sealed class HoldDuringPurgeTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// A long pass (a large backlog goes in many batches) must not go on deleting what a hold placed meanwhile keeps:
    /// the hold's cutoff is taken again before each batch, so the purge stops before the first held record.
    /// </summary>
    [Fact]
    public async Task Purge_HoldPlacedByAnotherProcessBetweenBatches_StopsBeforeTheHeldRecord()
    {
        var other = new ServiceCollection();
        other.AddSingleton<TimeProvider>(_clock);
        other.AddAuditTrail().UseSqlite(_database.Path);
        await using var otherProcess = other.BuildServiceProvider();

        var inner = _database.CreateStore();
        var store = new AfterFirstBatchStore(inner, () => otherProcess.GetRequiredService<IAuditLegalHolds>()
            .PlaceAsync(new AuditLegalHoldScope { TenantId = "held" }, "Case 2026-17", AuditActor.User("legal", "Legal")));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.BatchSize = 2;
        }).UseStore(_ => store);
        services.AddSingleton<IAuditLegalHoldStore>(inner);
        await using var provider = services.BuildServiceProvider();
        var records = Some.Records(8, i => Some.Time(i));
        records[5] = records[5] with { TenantId = "held" };
        await store.WriteAsync(records);
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        var purged = await provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(5, "the first batch went before the hold, then the records before the held one");
        (await inner.GetAsync(records[5].Id)).Should().NotBeNull("a hold placed during the pass keeps its record");
        (await inner.GetAsync(records[4].Id)).Should().BeNull();
        (await PurgedCutoffAsync(provider)).Should().Be(records[5].OccurredAt, "the record of the purge names the cutoff it kept to, not the one asked for");
    }

    /// <summary>
    /// The same with archive before purge: segment by segment, the cutoff is taken again, so the held record stays in
    /// the store, and the archive and the store still verify as one chain.
    /// </summary>
    [Fact]
    public async Task ArchiveAndPurge_HoldPlacedByAnotherProcessBetweenSegments_StopsBeforeTheHeldRecord()
    {
        var other = new ServiceCollection();
        other.AddSingleton<TimeProvider>(_clock);
        other.AddAuditTrail().UseSqlite(_database.Path);
        await using var otherProcess = other.BuildServiceProvider();

        var inner = _database.CreateStore();
        var store = new AfterFirstBatchStore(inner, () => otherProcess.GetRequiredService<IAuditLegalHolds>()
            .PlaceAsync(new AuditLegalHoldScope { TenantId = "held" }, "Case 2026-17", AuditActor.User("legal", "Legal")));
        var archive = Path.Combine(_database.Directory, "archive");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.BatchSize = 2;
            o.Retention.Archive.Enabled = true;
            o.Retention.Archive.Directory = archive;
            o.Retention.Archive.MaxRecordsPerSegment = 2;
        }).UseStore(_ => store);
        services.AddSingleton<IAuditLegalHoldStore>(inner);
        await using var provider = services.BuildServiceProvider();
        var records = Some.Records(8, i => Some.Time(i));
        records[5] = records[5] with { TenantId = "held" };
        await store.WriteAsync(records);
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        var purged = await provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(5, "the first segment went before the hold, then the records before the held one");
        (await inner.GetAsync(records[5].Id)).Should().NotBeNull("a hold placed during the pass keeps its record");
        (await new AuditArchiveVerifier(new DirectoryAuditArchiveSink(archive), keys: null, inner).VerifyAsync()).IsValid
            .Should().BeTrue("the archive holds what went and the store continues it");
        (await PurgedCutoffAsync(provider)).Should().Be(records[5].OccurredAt, "the record of the purge names the cutoff it kept to, not the one asked for");
    }

    /// <summary>The cutoff that the one <c>audit.purged</c> record names.</summary>
    private static async Task<DateTimeOffset> PurgedCutoffAsync(IServiceProvider provider)
    {
        var purged = await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditPurged] });
        return DateTimeOffset.Parse(purged.Items.Should().ContainSingle().Subject.Metadata["cutoff"], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="afterFirstBatch"/> once the first batch is purged, as another process placing a hold then would.</summary>
    private sealed class AfterFirstBatchStore(IAuditStore inner, Func<Task> afterFirstBatch) : DelegatingAuditStore(inner), IAuditChainStore
    {
        private int _batches;

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetAnchorAsync(cancellationToken);

        public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            ((IAuditChainStore)Inner).ReadChainAsync(afterSequence, cancellationToken);

        public override async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
        {
            var deleted = await Inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);
            if (Interlocked.Increment(ref _batches) == 1)
            {
                await afterFirstBatch();
            }

            return deleted;
        }
    }
}
