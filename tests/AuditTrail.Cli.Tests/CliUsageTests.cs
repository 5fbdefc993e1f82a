using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>Help, version and bad arguments of every command, before any store is opened.</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("verify", "--help")]
    [InlineData("export", "--help")]
    [InlineData("stats", "--help")]
    [InlineData("purge", "--help")]
    [InlineData("backup", "--help")]
    public async Task Help_PrintsUsageToStandardOutput_AndExitsZero(params string[] args)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.Valid);
        error.Should().BeEmpty();
        output.Should().Contain("Usage:").And.Contain("audittrail");
        if (args.Length == 2)
        {
            output.Should().Contain($"audittrail {args[0]}").And.Contain("--help");
        }
        else
        {
            output.Should().Contain("verify").And.Contain("export").And.Contain("stats").And.Contain("purge").And.Contain("backup").And.Contain("--version");
        }
    }

    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "stats" }, "Give exactly one store")]
    [InlineData(new[] { "stats", "--sqlite", "a.db", "--schema", "x" }, "Option --schema applies to --postgres only.")]
    [InlineData(new[] { "stats", "--sqlite", "a.db", "--top", "0" }, "Option --top takes a whole number from 1 to 1000; '0' is not one.")]
    [InlineData(new[] { "purge", "--sqlite", "a.db" }, "Give exactly one cutoff")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "90d", "--before", "2026-01-01" }, "Give exactly one cutoff")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "ninety days" }, "Option --older-than takes a duration such as 90d")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "0d" }, "Option --older-than takes a duration")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--before", "last week" }, "Option --before takes an ISO 8601 time")]
    [InlineData(new[] { "backup", "--sqlite", "a.db" }, "Required argument 'file' missing for command: 'backup'")]
    [InlineData(new[] { "export", "--sqlite", "a.db", "--out", "x.csv" }, "Option '--format' is required.")]
    [InlineData(new[] { "export", "--sqlite", "a.db", "--format", "csv", "--out", "x.csv", "--type", "Nope" }, "Option --type takes one of")]
    [InlineData(new[] { "stats", "--sqlite", "/nonexistent/audit.db" }, "The SQLite database '/nonexistent/audit.db' does not exist.")]
    public async Task BadArguments_ExitTwo_WithAMessageNamingTheArgument(string[] args, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        output.Should().BeEmpty();
        error.Should().Contain(message);
    }

    [Theory]
    [InlineData("90d", 90 * 24)]
    [InlineData("12h", 12)]
    [InlineData("2w", 14 * 24)]
    public void ParseDuration_UnitsOfTheDocs_AreRead(string text, int hours) =>
        Commands.CliValues.ParseDuration(text).Should().Be(TimeSpan.FromHours(hours));
}
