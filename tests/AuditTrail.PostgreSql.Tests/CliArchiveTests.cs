using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary><c>audittrail archive</c>, <c>verify-archive</c>, <c>import</c> and <c>hold</c> with <c>--postgres</c>, on a real server.</summary>
public sealed class CliArchiveTests : IAsyncLifetime
{
    private readonly string _archive = Path.Combine(Path.GetTempPath(), "audittrail-pg-archive", Guid.NewGuid().ToString("N"));
    private TestSchema _schema = null!;
    private TestSchema _investigation = null!;

    public async Task InitializeAsync()
    {
        _schema = await TestSchema.CreateAsync();
        _investigation = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        await _investigation.DisposeAsync();
        if (Directory.Exists(_archive))
        {
            Directory.Delete(_archive, recursive: true);
        }
    }

    private static string[] StoreOf(TestSchema schema) => ["--postgres", schema.ConnectionString, "--schema", schema.Name];

    [PostgreSqlFact]
    public async Task ArchivePurge_VerifyArchiveWithTheStore_ThenImportTwice()
    {
        await _schema.CreateStore().WriteAsync(Some.Records(30, i => Some.Time(60 * i)));
        var before = Some.Time(60 * 12).ToString("O");

        var archived = await CliRunner.RunAsync(["archive", .. StoreOf(_schema), "--dir", _archive, "--before", before, "--max-records", "5", "--purge"]);
        var verified = await CliRunner.RunAsync(["verify-archive", _archive, .. StoreOf(_schema)]);

        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        archived.Output.Should().Contain("Archived 12 record(s)").And.Contain("in 3 segment(s)").And.Contain("Purged 12 archived record(s)");
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("segments verified: 3 (12 record(s), rows 1 to 12").And.Contain("retention anchor at row 12 continues the archive");

        var segments = Directory.GetFiles(_archive, "*.jsonl.gz").Order(StringComparer.Ordinal).ToArray();
        await _investigation.CreateStore().InitializeAsync();
        var first = await CliRunner.RunAsync(["import", segments[0], .. StoreOf(_investigation)]);
        var second = await CliRunner.RunAsync(["import", segments[0], .. StoreOf(_investigation)]);
        first.Output.Should().Contain("5 record(s) added, 0 already in the store");
        second.Output.Should().Contain("0 record(s) added, 5 already in the store");

        // The last segment removed from the folder: the store's anchor is no longer on the archived chain.
        File.Delete(segments[2] + ".manifest.json");
        var missing = await CliRunner.RunAsync(["verify-archive", _archive, .. StoreOf(_schema)]);
        missing.Exit.Should().Be(AuditTrailCommand.ProblemFound);
        missing.Output.Should().Contain("MissingSegment").And.Contain("rows 11 to 12 are in no segment");
    }

    [PostgreSqlFact]
    public async Task Hold_AddListRelease_OverPostgres()
    {
        await _schema.CreateStore().WriteAsync(Some.Records(3, i => Some.Time(i)));

        var added = await CliRunner.RunAsync(["hold", "add", .. StoreOf(_schema), "--reason", "Case 9", "--placed-by", "u-legal", "--tenant", "t1"]);
        var id = added.Output.Split(' ')[3];
        var listed = await CliRunner.RunAsync(["hold", "list", .. StoreOf(_schema)]);
        var released = await CliRunner.RunAsync(["hold", "release", id, .. StoreOf(_schema), "--released-by", "u-legal"]);

        added.Exit.Should().Be(AuditTrailCommand.Valid, added.Error);
        listed.Output.Should().Contain(id + "  active").And.Contain("tenant t1");
        released.Output.Should().Contain($"Released legal hold {id}");
        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".audit_events WHERE action IN ('audit.hold_placed', 'audit.hold_released')")).Should().Be(2);
    }

    [PostgreSqlFact]
    public async Task ArchivePurge_ThenImportIntoAFreshSchema_GivesBackEveryFieldOfEveryRecord()
    {
        var written = Some.VariedRecords();
        var live = _schema.CreateStore();
        await live.WriteAsync(written);
        var stored = new List<AuditRecord>();
        foreach (var record in written)
        {
            stored.Add((await live.GetAsync(record.Id))!);
        }

        var archived = await CliRunner.RunAsync(["archive", .. StoreOf(_schema), "--dir", _archive, "--before", "2026-10-02", "--purge"]);
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(_archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        await _investigation.CreateStore().InitializeAsync();

        var imported = await CliRunner.RunAsync(["import", segment, .. StoreOf(_investigation)]);

        imported.Exit.Should().Be(AuditTrailCommand.Valid, imported.Output + imported.Error);
        imported.Output.Should().Contain("5 record(s) added");
        var investigation = _investigation.CreateStore();
        foreach (var expected in stored)
        {
            var actual = await investigation.GetAsync(expected.Id);
            actual.Should().NotBeNull();
            actual!.OccurredAt.Should().Be(expected.OccurredAt);
            actual.Should().BeEquivalentTo(expected);
        }

        var verified = await CliRunner.RunAsync(["verify", .. StoreOf(_investigation)]);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
    }
}
