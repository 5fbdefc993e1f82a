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
    [InlineData(new[] { "stats", "--sqlite", "/nonexistent/audit.db" }, "Option --sqlite: the SQLite database '/nonexistent/audit.db' does not exist.")]
    public async Task BadArguments_ExitTwo_WithAMessageNamingTheArgument(string[] args, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        output.Should().BeEmpty();
        error.Should().Contain(message);
    }

    [Theory]
    [InlineData("verify", "--sqlite", "{file}", "--checkpoints", "/nonexistent/checkpoints", "Option --checkpoints: the checkpoint folder '/nonexistent/checkpoints' does not exist.")]
    [InlineData("verify", "--sqlite", "{file}", "--public-key", "/nonexistent/key.pem", "Option --public-key: the public key file '/nonexistent/key.pem' does not exist.")]
    [InlineData("stats", "--sqlite", "{file}", "--spool", "/nonexistent/spool", "Option --spool: the spool directory '/nonexistent/spool' does not exist.")]
    [InlineData("erase", "u-mike", "--sqlite", "{file}", "--key-file", "/nonexistent/pseudonym.key", "Option --key-file: the key file '/nonexistent/pseudonym.key' does not exist.")]
    [InlineData("erase", "u-mike", "--sqlite", "{file}", "--key-file", "{file}", "Option --key-file: the key file '{file}' holds 0 byte(s)")]
    [InlineData("verify-archive", "/nonexistent/archive", "The archive folder '/nonexistent/archive' (the <dir> argument) does not exist.")]
    [InlineData("verify-archive", "{file}", "The archive folder '{file}' (the <dir> argument) is a file, not a folder.")]
    [InlineData("import", "/nonexistent/segment.jsonl.gz", "--sqlite", "{file}", "The segment '/nonexistent/segment.jsonl.gz' (the <segment> argument) does not exist.")]
    public async Task MissingFileOrFolder_ExitsTwo_WithAMessageNamingTheOptionOrArgument(params string[] argsAndMessage)
    {
        var file = Path.Combine(Path.GetTempPath(), $"audittrail-cli-{Guid.NewGuid():N}.db");
        await File.WriteAllBytesAsync(file, []);
        try
        {
            var args = argsAndMessage[..^1].Select(a => a.Replace("{file}", file, StringComparison.Ordinal)).ToArray();
            var (exit, output, error) = await CliRunner.RunAsync(args);

            exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
            output.Should().BeEmpty();
            error.Should().Contain(argsAndMessage[^1].Replace("{file}", file, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("90d", 90 * 24)]
    [InlineData("12h", 12)]
    [InlineData("2w", 14 * 24)]
    public void ParseDuration_UnitsOfTheDocs_AreRead(string text, int hours) =>
        Commands.CliValues.ParseDuration(text).Should().Be(TimeSpan.FromHours(hours));
}
