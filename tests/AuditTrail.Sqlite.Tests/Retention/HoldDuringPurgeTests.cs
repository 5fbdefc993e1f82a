using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite;
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
        await using var run = await HoldDuringRun.StartAsync(_database, _clock, _ => { });

        var purged = await run.Provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(5, "the first batch went before the hold, then the records before the held one");
        (await run.Inner.GetAsync(run.Records[5].Id)).Should().NotBeNull("a hold placed during the pass keeps its record");
        (await run.Inner.GetAsync(run.Records[4].Id)).Should().BeNull();
        (await PurgedCutoffAsync(run.Provider)).Should().Be(run.Records[5].OccurredAt, "the record of the purge names the cutoff it kept to, not the one asked for");
    }

    /// <summary>
    /// The same with archive before purge: segment by segment, the cutoff is taken again, so the held record stays in
    /// the store, and the archive and the store still verify as one chain.
    /// </summary>
    [Fact]
    public async Task ArchiveAndPurge_HoldPlacedByAnotherProcessBetweenSegments_StopsBeforeTheHeldRecord()
    {
        var archive = Path.Combine(_database.Directory, "archive");
        await using var run = await HoldDuringRun.StartAsync(_database, _clock, o =>
        {
            o.Retention.Archive.Enabled = true;
            o.Retention.Archive.Directory = archive;
            o.Retention.Archive.MaxRecordsPerSegment = 2;
        });

        var purged = await run.Provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(5, "the first segment went before the hold, then the records before the held one");
        (await run.Inner.GetAsync(run.Records[5].Id)).Should().NotBeNull("a hold placed during the pass keeps its record");
        (await new AuditArchiveVerifier(new DirectoryAuditArchiveSink(archive), keys: null, run.Inner).VerifyAsync()).IsValid
            .Should().BeTrue("the archive holds what went and the store continues it");
        (await PurgedCutoffAsync(run.Provider)).Should().Be(run.Records[5].OccurredAt, "the record of the purge names the cutoff it kept to, not the one asked for");
    }

    /// <summary>
    /// An application whose retention (90 days, batches of 2, then <c>configure</c>) runs over 8 old records, the sixth of
    /// tenant "held", and a new one; another process on the same file places a hold on "held" once the first batch is purged.
    /// </summary>
    private sealed class HoldDuringRun(ServiceProvider otherProcess, SqliteAuditStore inner, ServiceProvider provider, AuditRecord[] records) : IAsyncDisposable
    {
        public SqliteAuditStore Inner { get; } = inner;

        public ServiceProvider Provider { get; } = provider;

        public AuditRecord[] Records { get; } = records;

        public static async Task<HoldDuringRun> StartAsync(TemporaryDatabase database, FakeTimeProvider clock, Action<AuditTrailOptions> configure)
        {
            var other = new ServiceCollection();
            other.AddSingleton<TimeProvider>(clock);
            other.AddAuditTrail().UseSqlite(database.Path);
            var otherProcess = other.BuildServiceProvider();

            var inner = database.CreateStore();
            var store = new AfterFirstBatchStore(inner, () => otherProcess.GetRequiredService<IAuditLegalHolds>()
                .PlaceAsync(new AuditLegalHoldScope { TenantId = "held" }, "Case 2026-17", AuditActor.User("legal", "Legal")));
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(clock);
            services.AddAuditTrail(o =>
            {
                o.Retention.Period = TimeSpan.FromDays(90);
                o.Retention.BatchSize = 2;
                configure(o);
            }).UseStore(_ => store);
            services.AddSingleton<IAuditLegalHoldStore>(inner);
            var provider = services.BuildServiceProvider();
            var records = Some.Records(8, i => Some.Time(i));
            records[5] = records[5] with { TenantId = "held" };
            await store.WriteAsync(records);
            await store.WriteAsync([Some.Record(clock.GetUtcNow())]);
            return new HoldDuringRun(otherProcess, inner, provider, records);
        }

        public async ValueTask DisposeAsync()
        {
            await Provider.DisposeAsync();
            await otherProcess.DisposeAsync();
        }
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
