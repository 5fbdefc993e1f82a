using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>Retention with <see cref="AuditRetentionOptions.Archive"/>: records go to segments first, and a failing sink stops the purge.</summary>
public sealed class ArchiveBeforePurgeTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Purge_WithArchiveDirectory_ArchivesThenPurges_AndTheArchiveContinuesIntoTheStore()
    {
        var folder = Path.Combine(_database.Directory, "archive");
        await using var provider = Build(o => o.Directory = folder);
        var store = await WriteOldAndRecentAsync(provider, old: 8);

        var purged = await provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(8);
        var sink = new DirectoryAuditArchiveSink(folder);
        (await sink.ListAsync()).Should().HaveCount(3, "eight records in segments of at most three");
        var report = await new AuditArchiveVerifier(sink, keys: null, (IAuditChainStore)store).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { RecordsVerified = 8L, UnsignedSegments = 3 });
    }

    [Fact]
    public async Task Purge_WithArchive_ArchivesTheRecordsWhole_NotAsTombstones()
    {
        var folder = Path.Combine(_database.Directory, "archive");
        await using var provider = Build(o => o.Directory = folder);
        var store = await WriteOldAndRecentAsync(provider, old: 4);

        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(4);

        var sink = new DirectoryAuditArchiveSink(folder);
        var reader = new AuditArchiveReader(sink);
        var archived = new List<AuditChainEntry>();
        foreach (var segment in await sink.ListAsync())
        {
            await foreach (var entry in reader.ReadEntriesAsync(segment))
            {
                archived.Add(entry);
            }
        }

        archived.Should().HaveCount(4).And.OnlyContain(e => e.Tombstone == null, "the prefix purge takes them whole, so the archive must keep their content");
        archived.Should().OnlyContain(e => e.Record.Description == "plain" && e.Record.Actor.Id == "u1" && e.Record.Changes.Count == 1);
        var report = await new AuditArchiveVerifier(sink, keys: null, (IAuditChainStore)store).VerifyAsync();
        report.Should().BeEquivalentTo(new { IsValid = true, RecordsVerified = 4L, TombstonesVerified = 0L });
    }

    [Fact]
    public async Task Purge_SinkFailsOnTheSecondSegment_PurgesOnlyTheFirst_AndLosesNothing()
    {
        var sink = new FailingArchiveSink(new DirectoryAuditArchiveSink(Path.Combine(_database.Directory, "archive")), failFromWrite: 2);
        await using var provider = Build(_ => { }, services => services.AddSingleton<IAuditArchiveSink>(sink));
        var store = await WriteOldAndRecentAsync(provider, old: 8);

        var pass = () => provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        await pass.Should().ThrowAsync<IOException>().WithMessage("*disk full*");
        (await store.CountAsync(new AuditFilter())).Should().Be(7, "the first segment's three records were purged once stored (and the purge recorded); the rest stay");
        (await ((IAuditChainStore)store).GetAnchorAsync())!.Sequence.Should().Be(3);
        var report = await new AuditArchiveVerifier(sink, keys: null, (IAuditChainStore)store).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);

        sink.Healed = true;
        (await pass()).Should().Be(5, "the next pass archives and purges the rest");
        (await new AuditArchiveVerifier(sink, keys: null, (IAuditChainStore)store).VerifyAsync()).RecordsVerified.Should().Be(8);
    }

    [Fact]
    public async Task Purge_SinkFailsOnTheSecondSegment_RecordsThePurgeOfTheFirst_ThenThrows()
    {
        var sink = new FailingArchiveSink(new DirectoryAuditArchiveSink(Path.Combine(_database.Directory, "archive")), failFromWrite: 2);
        await using var provider = Build(_ => { }, services => services.AddSingleton<IAuditArchiveSink>(sink));
        await WriteOldAndRecentAsync(provider, old: 8);

        var pass = () => provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        await pass.Should().ThrowAsync<IOException>().WithMessage("*disk full*");
        var purged = await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditPurged] });
        purged.Items.Should().ContainSingle("the first segment's three records are gone, and every purge is recorded")
            .Which.Metadata["purged_count"].Should().Be("3");
    }

    [Fact]
    public async Task Purge_SinkFailsOnTheFirstSegment_PurgesNothing()
    {
        var sink = new FailingArchiveSink(new DirectoryAuditArchiveSink(Path.Combine(_database.Directory, "archive")), failFromWrite: 1);
        await using var provider = Build(_ => { }, services => services.AddSingleton<IAuditArchiveSink>(sink));
        var store = await WriteOldAndRecentAsync(provider, old: 4);

        await provider.Invoking(p => p.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().ThrowAsync<IOException>();

        (await store.CountAsync(new AuditFilter())).Should().Be(5);
        (await ((IAuditChainStore)store).GetAnchorAsync()).Should().BeNull();
        Directory.Exists(Path.Combine(_database.Directory, "archive")).Should().BeFalse("the failing sink wrote nothing");
    }

    [Fact]
    public async Task Options_ArchiveEnabledWithoutDirectoryOrSink_FailAtStartNamingTheOption()
    {
        await using var provider = Build(_ => { });

        var read = () => provider.GetRequiredService<IOptions<AuditTrailOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage(
            "*AuditTrailOptions.Retention.Archive.Enabled is true, but no archive is configured: set Retention.Archive.Directory*or register an IAuditArchiveSink*");
    }

    [Fact]
    public async Task Options_ArchiveDirectoryIsAFile_FailAtStartNamingTheOption()
    {
        var file = Path.Combine(_database.Directory, "not-a-folder");
        await File.WriteAllTextAsync(file, "");
        await using var provider = Build(o => o.Directory = file);

        var read = () => provider.GetRequiredService<IOptions<AuditTrailOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage("*AuditTrailOptions.Retention.Archive.Directory '*not-a-folder' cannot be created or written*");
    }

    private ServiceProvider Build(Action<AuditArchiveOptions> archive, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.BatchSize = 2;
            o.Retention.Archive.Enabled = true;
            o.Retention.Archive.MaxRecordsPerSegment = 3;
            archive(o.Retention.Archive);
        }).UseSqlite(_database.Path);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary><paramref name="old"/> records 200 days old and one written now, straight to the store.</summary>
    private async Task<IAuditStore> WriteOldAndRecentAsync(IServiceProvider provider, int old)
    {
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(old, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        return store;
    }

    /// <summary>A sink that fails (disk full) from its n-th write on, until healed.</summary>
    private sealed class FailingArchiveSink(IAuditArchiveSink inner, int failFromWrite) : IAuditArchiveSink
    {
        private int _writes;

        public bool Healed { get; set; }

        public Task WriteAsync(AuditArchiveManifest manifest, Stream segment, CancellationToken cancellationToken = default) =>
            ++_writes >= failFromWrite && !Healed
                ? throw new IOException("No space left on device (disk full)")
                : inner.WriteAsync(manifest, segment, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public Task<Stream> OpenSegmentAsync(string name, CancellationToken cancellationToken = default) => inner.OpenSegmentAsync(name, cancellationToken);

        public Task<Stream> OpenManifestAsync(string name, CancellationToken cancellationToken = default) => inner.OpenManifestAsync(name, cancellationToken);
    }
}
