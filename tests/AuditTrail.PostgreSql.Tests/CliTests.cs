using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary><c>audittrail verify</c> and <c>export</c> with <c>--postgres</c>, on a real server.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-pg-cli-tests", Guid.NewGuid().ToString("N"));
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _schema = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string[] Store => CliRunner.StoreOf(_schema);

    [PostgreSqlFact]
    public async Task VerifyAndExport_OverPostgres_PassOnAnIntactTrail_AndVerifyNamesADeletedRow()
    {
        var records = Some.Records(40, Some.Time)
            .Select((record, i) => record with { Actor = AuditActor.User(i % 2 == 0 ? "alice" : "bob", null) })
            .ToArray();
        await _schema.CreateStore().WriteAsync(records);

        var (exit, output, error) = await CliRunner.RunAsync(["verify", .. Store]);
        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("VALID").And.Contain("rows verified: 40");

        var csv = Path.Combine(_directory, "bob.csv");
        var (exportExit, exportOutput, exportError) = await CliRunner.RunAsync(["export", .. Store, "--format", "csv", "--out", csv, "--user", "bob"]);
        exportExit.Should().Be(AuditTrailCommand.Valid, exportError);
        exportOutput.Should().Contain("Exported 20 record(s)");
        (await File.ReadAllLinesAsync(csv)).Skip(1).Should().HaveCount(20).And.OnlyContain(line => line.Contains("\"bob\""));

        // The export recorded itself, as the 41st link; deleting a middle row breaks the chain there.
        await _schema.ExecuteAsync($"DELETE FROM \"{_schema.Name}\".audit_events WHERE seq = 17");
        var (brokenExit, brokenOutput, _) = await CliRunner.RunAsync(["verify", .. Store]);
        brokenExit.Should().Be(AuditTrailCommand.ProblemFound);
        brokenOutput.Should().Contain("PROBLEM FOUND").And.Contain("MissingRow at row 17");
    }

    [PostgreSqlFact]
    public async Task Verify_UnreachableServer_ExitsTwoNamingTheConnection()
    {
        var (exit, _, error) = await CliRunner.RunAsync("verify", "--postgres", "Host=127.0.0.1;Port=1;Timeout=2", "--schema", _schema.Name);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().StartWith("error: NpgsqlException").And.Contain("127.0.0.1:1");
    }
}
