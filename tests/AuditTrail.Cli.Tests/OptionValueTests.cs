using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>Values that do not parse, or do not fit, are usage errors naming the option: never an unhandled exception.</summary>
public sealed class OptionValueTests
{
    [Theory]
    [InlineData(new[] { "stats", "--sqlite", "a.db", "--top", "abc" }, "Option --top takes a whole number from 1 to 1000; 'abc' is not one.")]
    [InlineData(new[] { "stats", "--sqlite", "a.db", "--top", "99999999999" }, "Option --top takes a whole number from 1 to 1000; '99999999999' is not one.")]
    [InlineData(new[] { "archive", "--sqlite", "a.db", "--dir", "x", "--before", "2026-11-25", "--max-records", "abc" }, "Option --max-records takes a whole number from 1 to 1000000; 'abc' is not one.")]
    [InlineData(new[] { "archive", "--sqlite", "a.db", "--dir", "x", "--before", "2026-11-25", "--max-records", "99999999999" }, "Option --max-records takes a whole number from 1 to 1000000")]
    [InlineData(new[] { "archive", "--sqlite", "a.db", "--dir", "x", "--before", "2026-11-25", "--max-records", "0" }, "Option --max-records takes a whole number from 1 to 1000000")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "2000000w" }, "Option --older-than takes a duration such as 90d, 12h, 30m or 2w (a whole number above 0 and a unit w, d, h, m or s, at most 1000 years); '2000000w' is not one.")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "9999999w" }, "Option --older-than takes a duration")]
    [InlineData(new[] { "purge", "--sqlite", "a.db", "--older-than", "9999999d" }, "Option --older-than takes a duration")]
    [InlineData(new[] { "archive", "--sqlite", "a.db", "--dir", "x", "--older-than", "2000000w" }, "Option --older-than takes a duration")]
    public async Task ValueThatDoesNotFit_ExitsTwo_NamingTheOption(string[] args, string message)
    {
        var (exit, output, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        output.Should().BeEmpty();
        error.Should().Contain(message).And.NotContain("Unhandled").And.NotContain("   at ");
    }

    [Theory]
    [InlineData("365250d")]
    [InlineData("52178w")]
    public void ParseDuration_UpToAThousandYears_IsRead(string text) =>
        Commands.CliValues.ParseDuration(text).Should().BeLessThanOrEqualTo(Commands.CliValues.MaxDuration);

    [Theory]
    [InlineData(new[] { "hold", "list" }, "Run 'audittrail hold list --help' for usage.")]
    [InlineData(new[] { "hold", "add", "--sqlite", "a.db" }, "Run 'audittrail hold add --help' for usage.")]
    [InlineData(new[] { "hold", "release", "--sqlite", "a.db" }, "Run 'audittrail hold release --help' for usage.")]
    [InlineData(new[] { "stats" }, "Run 'audittrail stats --help' for usage.")]
    [InlineData(new string[0], "Run 'audittrail --help' for usage.")]
    public async Task UsageHint_NamesTheFullCommand(string[] args, string hint)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(hint);
    }
}
