using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>export --out</c>: a failed export neither damages nor leaves a file; an existing file is replaced only with <c>--force</c>.</summary>
public sealed class ExportFileTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string Out => _trail.PathOf("keep.csv");

    private Task WriteAsync() => _trail.WriteAsync(TestTrail.Hourly(Start, 5, ("user.login", AuditActionType.Security)));

    private string[] OtherFiles() => [.. Directory.GetFiles(_trail.PathOf(".")).Select(Path.GetFileName).Where(name => name!.Contains(".csv", StringComparison.Ordinal) && name != "keep.csv")!];

    [Fact]
    public async Task Export_ReversedRange_OnAnExistingFile_ExitsTwoNamingTheOptions_AndKeepsTheFile()
    {
        await WriteAsync();
        await File.WriteAllTextAsync(Out, "precious");

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "csv", "--out", Out, "--from", "2026-12-01", "--to", "2026-11-25");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--from").And.Contain("--to").And.NotContain("query.");
        (await File.ReadAllTextAsync(Out)).Should().Be("precious");
    }

    [Fact]
    public async Task Export_StoreRefusesTheExportEvent_ExitsTwoSayingSo_AndLeavesNoFile()
    {
        // A role that may read but not write (a read-only auditor): every export is recorded, so none is kept.
        await WriteAsync();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_trail.Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER refuse_writes BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'permission denied for table audit_events'); END;";
            command.ExecuteNonQuery();
        }

        var (exit, _, error) = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", Out);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("audit.exported").And.Contain("permission denied").And.Contain("nothing was exported")
            .And.NotContain("unexpected").And.NotContain("AuditTrailOptions");
        File.Exists(Out).Should().BeFalse();
        OtherFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Export_StoreThatIsNoDatabase_LeavesNoFile()
    {
        var notDb = _trail.PathOf("notdb.db");
        await File.WriteAllTextAsync(notDb, new string('x', 4096));

        var (exit, _, error) = await CliRunner.RunAsync("export", "--sqlite", notDb, "--format", "csv", "--out", Out);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().NotContain("   at ");
        File.Exists(Out).Should().BeFalse();
        OtherFiles().Should().BeEmpty("the temporary file goes with the failure");
    }

    [Fact]
    public async Task Export_ExistingFile_IsRefusedWithoutForce_AndReplacedWithIt()
    {
        await WriteAsync();
        await File.WriteAllTextAsync(Out, "precious");

        var refused = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", Out);
        var keptAfterRefusal = await File.ReadAllTextAsync(Out);
        var forced = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", Out, "--force");

        refused.Exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        refused.Error.Should().Contain("--out").And.Contain("exists already").And.Contain("--force");
        keptAfterRefusal.Should().Be("precious");
        forced.Exit.Should().Be(AuditTrailCommand.Valid, forced.Error);
        forced.Output.Should().Contain("Exported 5 record(s)");
        (await File.ReadAllLinesAsync(Out)).Should().HaveCount(6, "a header and five records");
        OtherFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Export_OutIsADirectory_ExitsTwoNamingTheOption()
    {
        await WriteAsync();

        var (exit, _, error) = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", _trail.PathOf("."));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --out").And.Contain("is a directory");
    }
}
