using AuditTrail.Cli.Archive;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>import</c> and <c>verify-archive</c> on what is not a plain, current archive: a manifest of a newer format, an empty
/// folder, and a store the application writes into while the import runs.
/// </summary>
public sealed class ImportArchiveEdgeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string Archive => _trail.PathOf("archive");

    private async Task<string> ArchiveSegmentAsync()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 6, ("user.login", AuditActionType.Security)));
        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", "2026-10-01T04:00:00Z");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        return Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
    }

    [Fact]
    public async Task Import_ManifestOfANewerFormat_IsRefusedNamingTheVersion_AndCreatesNoStore()
    {
        var segment = await ArchiveSegmentAsync();
        var manifest = segment + ".manifest.json";
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"formatVersion\":1", "\"formatVersion\":2", StringComparison.Ordinal));
        var investigation = _trail.PathOf("investigation.db");

        var (exit, output, _) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);
        var verified = await CliRunner.RunAsync("verify-archive", Archive);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("archive format version 2").And.Contain("Nothing was imported");
        File.Exists(investigation).Should().BeFalse();
        verified.Exit.Should().Be(AuditTrailCommand.ProblemFound);
        verified.Output.Should().Contain("format version 2").And.NotContain("VALID");
    }

    [Fact]
    public async Task Import_ManifestOfANewerFormat_IsRefusedEvenWithForce_AndCreatesNoStore()
    {
        var segment = await ArchiveSegmentAsync();
        var manifest = segment + ".manifest.json";
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace("\"formatVersion\":1", "\"formatVersion\":2", StringComparison.Ordinal));
        var investigation = _trail.PathOf("investigation.db");

        var (exit, output, error) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation, "--force");

        // --force imports a segment that does not verify; one of a newer format may not mean what this version reads.
        exit.Should().Be(AuditTrailCommand.ProblemFound, output + error);
        output.Should().Contain("archive format version 2").And.Contain("Nothing was imported");
        File.Exists(investigation).Should().BeFalse();
    }

    [Fact]
    public async Task VerifyArchive_FolderWithoutSegments_ExitsTwoNamingDir()
    {
        Directory.CreateDirectory(Archive);

        var (exit, output, error) = await CliRunner.RunAsync("verify-archive", Archive);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("<dir>").And.Contain("holds no segment");
        output.Should().NotContain("VALID");
    }

    [Fact]
    public async Task ImportedRows_OtherRecordsWrittenMeanwhile_CountsOnlyTheSegmentsRecords()
    {
        var before = TestTrail.Hourly(Start, 2, ("user.login", AuditActionType.Security));
        var segment = TestTrail.Hourly(Start.AddDays(1), 3, ("user.login", AuditActionType.Security));
        var application = TestTrail.Hourly(Start.AddDays(2), 4, ("server.updated", AuditActionType.Update));
        await using var store = _trail.OpenStore();
        await store.WriteAsync(before);
        await store.WriteAsync([segment[0], application[0], application[1]]);
        await store.WriteAsync([segment[1], application[2], segment[2], application[3]]);

        var (added, tombstoned, _) = await ImportedTombstones.ApplyAsync(store, 2, segment.Select(r => r.Id).ToHashSet(), new Dictionary<Guid, AuditChainEntry>(), CancellationToken.None);

        added.Should().Be(3);
        tombstoned.Should().Be(0);
    }

    [Fact]
    public async Task Import_TruncatedSegmentWithForce_ImportsWhatItReads_AndExitsOneSayingTheRestIsMissing()
    {
        var segment = await ArchiveSegmentAsync();
        string[] lines;
        await using (var read = new System.IO.Compression.GZipStream(File.OpenRead(segment), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(read))
        {
            lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        lines.Should().HaveCount(4);
        await using (var write = new System.IO.Compression.GZipStream(File.Create(segment), System.IO.Compression.CompressionLevel.Optimal))
        await using (var writer = new StreamWriter(write))
        {
            await writer.WriteAsync(string.Join('\n', lines[..2]) + "\n" + lines[2][..(lines[2].Length / 2)]);
        }

        var investigation = _trail.PathOf("investigation.db");

        var (exit, output, error) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation, "--force");

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("2 record(s) added");
        error.Should().Contain("cannot be read past its record 2").And.Contain("the rest of the segment was not");
        var verified = await CliRunner.RunAsync("verify", "--sqlite", investigation);
        verified.Output.Should().Contain("rows verified: 2");
    }
}
