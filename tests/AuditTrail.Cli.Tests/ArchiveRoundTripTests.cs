using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AuditTrail.Cli.Tests.Support;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// What the docs promise of an archive as a user would use it: <c>archive --purge</c>, then <c>import</c> into a fresh
/// investigation store gives back exactly the records that went, every field; an unsigned segment rewritten line by line
/// (its manifest's SHA-256 recomputed, as anyone without the key can) is refused by <c>verify-archive</c> and <c>import</c>.
/// </summary>
public sealed class ArchiveRoundTripTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string Archive => _trail.PathOf("archive");

    [Fact]
    public async Task ArchivePurge_ThenImportIntoAFreshStore_GivesBackEveryFieldOfEveryRecord()
    {
        var written = Some.VariedRecords();
        await _trail.WriteAsync(written);
        List<AuditRecord> stored = [];
        await using (var store = _trail.OpenStore())
        {
            foreach (var record in written)
            {
                stored.Add((await store.GetAsync(record.Id))!);
            }
        }

        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-02", "--purge");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        var investigation = _trail.PathOf("investigation.db");

        var imported = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        imported.Exit.Should().Be(AuditTrailCommand.Valid, imported.Error);
        imported.Output.Should().Contain("5 record(s) added");
        await using (var store = _trail.OpenStore(investigation))
        {
            foreach (var expected in stored)
            {
                var actual = await store.GetAsync(expected.Id);
                actual.Should().NotBeNull();
                actual!.OccurredAt.Should().Be(expected.OccurredAt);
                actual.RecordedAt.Should().Be(expected.RecordedAt);
                actual.Should().BeEquivalentTo(expected);
            }
        }

        var verified = await CliRunner.RunAsync("verify", "--sqlite", investigation);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
    }

    [Fact]
    public async Task ErasedPerson_ArchivedWithTheErasureRecord_ImportsAndVerifies_WithoutTheirId()
    {
        var key = _trail.PathOf("pseudonym.key");
        await File.WriteAllBytesAsync(key, [.. Enumerable.Range(1, 32).Select(i => (byte)i)]);
        await _trail.WriteAsync(TestTrail.Hourly(Start, 9, ("server.updated", AuditActionType.Update)));
        var erased = await CliRunner.RunAsync("erase", "u-1", "--sqlite", _trail.Database, "--key-file", key, "--execute");
        erased.Exit.Should().Be(AuditTrailCommand.Valid, erased.Error);
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2100-01-01", "--purge");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Output + archived.Error);
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        var investigation = _trail.PathOf("investigation.db");

        var checkedArchive = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database);
        var imported = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        checkedArchive.Exit.Should().Be(AuditTrailCommand.Valid, checkedArchive.Output + checkedArchive.Error);
        imported.Exit.Should().Be(AuditTrailCommand.Valid, imported.Output + imported.Error);
        imported.Output.Should().Contain("10 record(s) added");
        var verified = await CliRunner.RunAsync("verify", "--sqlite", investigation);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        await using var store = _trail.OpenStore(investigation);
        (await store.CountAsync(new AuditFilter { ActorIds = ["u-1"] })).Should().Be(0);
        (await store.CountAsync(new AuditFilter { ActorIds = [AuditPseudonym.For(await File.ReadAllBytesAsync(key), "u-1")] })).Should().Be(3);
    }

    [Fact]
    public async Task ArchivePurge_DiskRefusesTheSecondSegment_PurgesOnlyTheFirst_RecordsIt_AndTheNextRunContinues()
    {
        var written = TestTrail.Hourly(Start, 6, ("user.login", AuditActionType.Security));
        await _trail.WriteAsync(written);
        // The second segment's temporary file cannot be created: a folder is in its place, as a full or failing disk refuses it.
        var blocked = Path.Combine(Archive, "audit_events-0000000000000000003-0000000000000000004.jsonl.gz.tmp");
        Directory.CreateDirectory(blocked);

        var (exit, output, error) = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-02", "--purge", "--max-records", "2");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output);
        error.Should().Contain("after archiving and purging 2 record(s)").And.NotContain("   at ");
        await using (var store = _trail.OpenStore())
        {
            (await store.CountAsync(new AuditFilter { Actions = ["user.login"] })).Should().Be(4);
            (await store.CountAsync(new AuditFilter { Actions = [AuditActions.AuditPurged] })).Should().Be(1);
        }

        Directory.Delete(blocked);
        var again = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-02", "--purge", "--max-records", "2");
        again.Exit.Should().Be(AuditTrailCommand.Valid, again.Output + again.Error);
        var verified = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        var investigation = _trail.PathOf("investigation.db");
        foreach (var segment in Directory.GetFiles(Archive, "*.jsonl.gz").Order(StringComparer.Ordinal))
        {
            var imported = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);
            imported.Exit.Should().Be(AuditTrailCommand.Valid, imported.Output + imported.Error);
        }

        await using var investigated = _trail.OpenStore(investigation);
        foreach (var record in written)
        {
            (await investigated.GetAsync(record.Id)).Should().NotBeNull();
        }
    }

    [Fact]
    public async Task VerifyArchive_OldestSegmentRemovedWithItsManifest_SaysWhichRowsAreInNoSegment()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 8, ("user.login", AuditActionType.Security)));
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-01T06:00:00Z", "--purge", "--max-records", "2");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var oldest = Directory.GetFiles(Archive, "*.jsonl.gz").Order(StringComparer.Ordinal).First();
        File.Delete(oldest);
        File.Delete(oldest + ".manifest.json");

        var alone = await CliRunner.RunAsync("verify-archive", Archive);
        var withStore = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database);

        // The chain cannot tell an archive begun after earlier purges from one whose oldest segments were removed: the report must say so.
        alone.Output.Should().Contain("rows 1 to 2 are in no segment");
        withStore.Output.Should().Contain("rows 1 to 2 are in no segment");
    }

    public static TheoryData<string> Rewrites() => new() { "remove-middle", "swap", "duplicate", "edit-field" };

    [Theory]
    [MemberData(nameof(Rewrites))]
    public async Task UnsignedSegment_RewrittenWithItsSha256Recomputed_IsReported_AndNotImported(string rewrite)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 8, ("user.login", AuditActionType.Security)));
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-01T06:00:00Z");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        var lines = await ReadLinesAsync(segment);
        lines.Should().HaveCount(6);
        string[] rewritten = rewrite switch
        {
            "remove-middle" => [.. lines[..2], .. lines[3..]],
            "swap" => [lines[0], lines[2], lines[1], .. lines[3..]],
            "duplicate" => [.. lines[..3], lines[2], .. lines[3..]],
            _ => [.. lines[..2], lines[2].Replace("user.login", "user.logout", StringComparison.Ordinal), .. lines[3..]],
        };
        await RewriteAsync(segment, rewritten);
        var investigation = _trail.PathOf("investigation.db");

        var verified = await CliRunner.RunAsync("verify-archive", Archive, "--sqlite", _trail.Database);
        var imported = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        verified.Exit.Should().Be(AuditTrailCommand.ProblemFound, verified.Output);
        verified.Output.Should().Contain("AlteredSegment");
        imported.Exit.Should().Be(AuditTrailCommand.ProblemFound, imported.Output + imported.Error);
        imported.Output.Should().Contain("Nothing was imported");
        File.Exists(investigation).Should().BeFalse();
    }

    private static async Task<string[]> ReadLinesAsync(string segment)
    {
        await using var read = new GZipStream(File.OpenRead(segment), CompressionMode.Decompress);
        using var reader = new StreamReader(read);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Writes the lines back and puts the new file's SHA-256 into the (unsigned) manifest, as anyone could.</summary>
    private static async Task RewriteAsync(string segment, string[] lines)
    {
        await using (var write = new GZipStream(File.Create(segment), CompressionLevel.Optimal))
        await using (var writer = new StreamWriter(write))
        {
            await writer.WriteAsync(string.Join('\n', lines) + "\n");
        }

        var manifestPath = segment + ".manifest.json";
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(segment)));
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
    }
}
