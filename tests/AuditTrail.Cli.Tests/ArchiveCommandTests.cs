using System.Security.Cryptography;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail archive</c>, <c>verify-archive</c> and <c>import</c> end to end on SQLite files.</summary>
public sealed class ArchiveCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public ArchiveCommandTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(PrivateKey, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicKey, key.ExportSubjectPublicKeyInfoPem());
    }

    public void Dispose() => _trail.Dispose();

    private string Archive => _trail.PathOf("archive");

    private string PrivateKey => _trail.PathOf("signing.pem");

    private string PublicKey => _trail.PathOf("public.pem");

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));

    private async Task<long> CountAsync(string? database = null)
    {
        await using var store = _trail.OpenStore(database);
        return await store.CountAsync(AuditFilter.All);
    }

    private Task<(int Exit, string Output, string Error)> ArchiveAsync(params string[] more) =>
        CliRunner.RunAsync(["archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-01T10:00:00Z", "--signing-key", PrivateKey, "--max-records", "4", .. more]);

    [Fact]
    public async Task Archive_WithoutPurge_WritesSignedSegments_AndKeepsTheRecords()
    {
        await WriteAsync();

        var (exit, output, error) = await ArchiveAsync();

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Archived 10 record(s) that occurred before 2026-10-01 10:00:00 UTC in 3 segment(s)")
            .And.Contain("rows 1 to 10; manifests signed").And.Contain("Nothing was purged");
        Directory.GetFiles(Archive, "*.jsonl.gz").Should().HaveCount(3);
        (await CountAsync()).Should().Be(20);
    }

    [Fact]
    public async Task ArchivePurge_ThenVerifyArchiveWithStore_IsOneChain()
    {
        await WriteAsync();

        var archived = await ArchiveAsync("--purge");
        var (exit, output, error) = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database, "--public-key", PublicKey);

        archived.Output.Should().Contain("Purged 10 archived record(s)");
        (await CountAsync()).Should().Be(11, "ten purged, and the purge recorded as an event");
        exit.Should().Be(AuditTrailCommand.Valid, output + error);
        output.Should().Contain("VALID").And.Contain("segments verified: 3 (10 record(s), rows 1 to 10")
            .And.Contain("checked against the given public keys").And.Contain("retention anchor at row 10 continues the archive");
    }

    [Fact]
    public async Task VerifyArchive_MissingSegment_ExitsOne_NamingIt()
    {
        await WriteAsync();
        await ArchiveAsync("--purge");
        foreach (var file in Directory.GetFiles(Archive, "*0000000000000000005-*"))
        {
            File.Delete(file);
        }

        var (exit, output, _) = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("PROBLEM FOUND").And.Contain("MissingSegment").And.Contain("rows 5 to 8");
    }

    [Fact]
    public async Task Archive_DirIsAFile_ExitsTwoNamingDir_AndArchivesAndPurgesNothing()
    {
        await WriteAsync();
        var file = _trail.PathOf("not-a-folder");
        await File.WriteAllTextAsync(file, "mine");

        var (exit, _, error) = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", file, "--before", "2026-10-01T10:00:00Z", "--purge");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--dir").And.Contain("not-a-folder").And.Contain("is a file");
        (await CountAsync()).Should().Be(20);
        (await File.ReadAllTextAsync(file)).Should().Be("mine");
    }

    [Fact]
    public async Task Import_FileWithoutAManifest_ExitsTwoNamingTheSegment_AndCreatesNoStore()
    {
        var notASegment = _trail.PathOf("notes.txt");
        await File.WriteAllTextAsync(notASegment, "not a segment");
        var investigation = _trail.PathOf("investigation.db");

        var (exit, _, error) = await CliRunner.RunAsync("import", notASegment, "--sqlite", investigation);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("<segment>").And.Contain("notes.txt.manifest.json").And.NotContain("FileNotFoundException");
        File.Exists(investigation).Should().BeFalse();
    }

    [Fact]
    public async Task VerifyArchive_BadArguments_ExitTwo()
    {
        var missing = await CliRunner.RunAsync("verify-archive", _trail.PathOf("nowhere"));
        var twoStores = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", "a.db", "--postgres", "Host=x");
        var noCutoff = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive);
        var badSegmentSize = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-01T10:00:00Z", "--max-records", "0");

        missing.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        missing.Error.Should().Contain("does not exist");
        twoStores.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        twoStores.Error.Should().Contain("Give at most one store");
        noCutoff.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        noCutoff.Error.Should().Contain("Give exactly one cutoff");
        badSegmentSize.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        badSegmentSize.Error.Should().Contain("--max-records takes a whole number from 1 to 1000000");
    }

    [Fact]
    public async Task Import_Twice_AddsTheRecordsOnce_IdsKept()
    {
        await WriteAsync();
        await ArchiveAsync("--purge");
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Order(StringComparer.Ordinal).First();
        var investigation = await CreateInvestigationStoreAsync();

        var first = await CliRunner.RunAsync("import", segment, "--sqlite", investigation, "--public-key", PublicKey);
        var second = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        first.Exit.Should().Be(AuditTrailCommand.Valid, first.Error);
        first.Output.Should().Contain("4 record(s) added, 0 already in the store");
        second.Output.Should().Contain("0 record(s) added, 4 already in the store");
        await using var reopened = _trail.OpenStore(investigation);
        var entries = await new AuditArchiveReader(new DirectoryAuditArchiveSink(Archive)).ReadEntriesAsync(Path.GetFileName(segment)).ToListAsync();
        foreach (var entry in entries)
        {
            (await reopened.GetAsync(entry.Record.Id)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task Import_AlteredSegment_IsRefused_UnlessForced()
    {
        await WriteAsync();
        await ArchiveAsync();
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Order(StringComparer.Ordinal).First();
        var manifest = segment + ".manifest.json";
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"recordCount\":4", "\"recordCount\":3", StringComparison.Ordinal));
        var investigation = await CreateInvestigationStoreAsync();

        var refused = await CliRunner.RunAsync("import", segment, "--sqlite", investigation, "--public-key", PublicKey);
        var countAfterRefusal = await CountAsync(investigation);
        var forced = await CliRunner.RunAsync("import", segment, "--sqlite", investigation, "--public-key", PublicKey, "--force");

        refused.Exit.Should().Be(AuditTrailCommand.ProblemFound);
        refused.Output.Should().Contain("Refused").And.Contain("signature does not verify").And.Contain("Nothing was imported");
        countAfterRefusal.Should().Be(0);
        forced.Exit.Should().Be(AuditTrailCommand.Valid, forced.Error);
        forced.Error.Should().Contain("Importing anyway");
        (await CountAsync(investigation)).Should().Be(4);
    }

    /// <summary>An empty store to import into, as an investigator would create one.</summary>
    private async Task<string> CreateInvestigationStoreAsync()
    {
        var investigation = _trail.PathOf("investigation.db");
        await using var store = _trail.OpenStore(investigation);
        await store.InitializeAsync();
        return investigation;
    }

    [Fact]
    public async Task Archive_IntoTheArchiveOfAnotherTrail_IsRefusedWithTheMessage_WithoutAStackTrace()
    {
        await WriteAsync();
        (await ArchiveAsync()).Exit.Should().Be(AuditTrailCommand.Valid);
        var other = _trail.PathOf("other.db");
        await using (var store = _trail.OpenStore(other))
        {
            await store.WriteAsync(TestTrail.Hourly(Start, 20, ("server.updated", AuditActionType.Update)));
        }

        var (exit, output, error) = await CliRunner.RunAsync("archive", "--sqlite", other, "--dir", Archive, "--before", "2030-01-01", "--purge");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        output.Should().BeEmpty();
        error.Should().StartWith("error: The archive's last segment ends at sequence 10").And.Contain("belongs to another trail").And.NotContain("   at ");
        (await CountAsync(other)).Should().Be(20, "nothing was archived or purged");
    }
}
