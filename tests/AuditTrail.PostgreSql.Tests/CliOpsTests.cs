using System.Text.Json;
using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary><c>audittrail stats</c>, <c>purge</c> and <c>backup</c> with <c>--postgres</c>, on a real server.</summary>
public sealed class CliOpsTests : IAsyncLifetime
{
    private TestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TestSchema.CreateAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    private string[] Store => CliRunner.StoreOf(_schema);

    /// <summary>30 records a minute apart: two of every three <c>user.login</c> (Security), the third <c>server.updated</c> (Update).</summary>
    private async Task WriteAsync()
    {
        var records = Some.Records(30, i => Some.Time(60 * i))
            .Select((record, i) => i % 3 == 2 ? record : record with { Action = "user.login", ActionType = AuditActionType.Security })
            .ToArray();
        await _schema.CreateStore().WriteAsync(records);
    }

    [PostgreSqlFact]
    public async Task Stats_OverPostgres_ReportsRowsSizeRangeChainCategoriesAndIndex()
    {
        await WriteAsync();

        var (exit, output, error) = await CliRunner.RunAsync(["stats", .. Store, "--json"]);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        var json = JsonDocument.Parse(output).RootElement;
        json.GetProperty("store").GetString().Should().Be("postgres");
        json.GetProperty("rows").GetInt64().Should().Be(30);
        json.GetProperty("sizeBytes").GetInt64().Should().BeGreaterThan(0);
        json.GetProperty("oldest").GetDateTimeOffset().Should().BeCloseTo(Some.Time(0), TimeSpan.FromMilliseconds(1));
        json.GetProperty("newest").GetDateTimeOffset().Should().BeCloseTo(Some.Time(60 * 29), TimeSpan.FromMilliseconds(1));
        json.GetProperty("headSequence").GetInt64().Should().Be(30);
        json.GetProperty("byActionType").GetProperty("Security").GetInt64().Should().Be(20);
        json.GetProperty("byActionType").GetProperty("Update").GetInt64().Should().Be(10);
        json.GetProperty("byActionPrefix").GetProperty("user").GetInt64().Should().Be(20);
        json.GetProperty("byActionPrefix").GetProperty("server").GetInt64().Should().Be(10);
        json.GetProperty("searchIndex").GetProperty("latestSequence").GetInt64().Should().Be(30);
        json.GetProperty("spool").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [PostgreSqlFact]
    public async Task Purge_OverPostgres_DryRunKeepsEverything_ExecutePurgesThePrefix_AndTheChainVerifies()
    {
        await WriteAsync();
        var before = Some.Time(60 * 12).ToString("O");

        var (dryExit, dryOutput, dryError) = await CliRunner.RunAsync(["purge", .. Store, "--before", before]);
        dryExit.Should().Be(AuditTrailCommand.Valid, dryError);
        dryOutput.Should().Contain("would purge 12 record(s)").And.Contain("rows 1 to 12").And.Contain("Nothing was deleted");
        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".audit_events")).Should().Be(30);

        var (exit, output, error) = await CliRunner.RunAsync(["purge", .. Store, "--before", before, "--execute"]);
        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Purged 12 record(s)").And.Contain("retention anchor at row 12");
        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM \"{_schema.Name}\".audit_events WHERE action = 'audit.purged'")).Should().Be(1);

        var (verifyExit, verifyOutput, _) = await CliRunner.RunAsync(["verify", .. Store]);
        verifyExit.Should().Be(AuditTrailCommand.Valid);
        verifyOutput.Should().Contain("rows verified: 19").And.Contain("the retention anchor at row 12");
    }

    [PostgreSqlFact]
    public async Task Backup_OverPostgres_ExitsTwo_PointingToPgDump()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["backup", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db"), .. Store]);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        output.Should().BeEmpty();
        error.Should().Contain("pg_dump");
    }
}
