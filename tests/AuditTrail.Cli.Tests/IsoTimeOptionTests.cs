using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>Time options (<c>--from</c>, <c>--to</c>, <c>--before</c>, <c>--until</c>) take ISO 8601 only, as documented and as the HTTP API does: a culture's date order or a bare time of day would silently pick another instant.</summary>
public sealed class IsoTimeOptionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Theory]
    [InlineData("--from", "01/02/2025")]
    [InlineData("--from", "11/27/2025")]
    [InlineData("--from", "Nov 27 2025")]
    [InlineData("--from", "12:00")]
    [InlineData("--to", "2025-11-27 11:00")]
    [InlineData("--to", "Thursday, 27 November 2025")]
    public async Task Export_TimeThatIsNotIso8601_ExitsTwoNamingTheOption_AndWritesNothing(string option, string value)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("t.jsonl"), option, value);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(option).And.Contain("ISO 8601");
        File.Exists(_trail.PathOf("t.jsonl")).Should().BeFalse();
    }

    [Fact]
    public async Task Export_Iso8601OutsideTheCalendarInUtc_ExitsTwoSayingSo()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 1, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("t.jsonl"), "--to", "9999-12-31T23:59:59-01:00");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--to").And.Contain("outside");
    }

    [Theory]
    [InlineData("2025-01-01T01:00:00Z", 2)]
    [InlineData("2025-01-01T01:00Z", 2)]
    [InlineData("2025-01-01T02:00:00.000+01:00", 2)]
    [InlineData("2025-01-01T01:00:00", 2)]
    [InlineData("2025-01-01", 3)]
    public async Task Export_Iso8601From_IsTheInstantItNames_WithoutAnOffsetInUtc(string from, int expected)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));

        var (exit, output, error) = await CliRunner.RunAsync(
            "export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("t.jsonl"), "--from", from, "--type", "Security");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain($"Exported {expected} record(s)");
    }
}
