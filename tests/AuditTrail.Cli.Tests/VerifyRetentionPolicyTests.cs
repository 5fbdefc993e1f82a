using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail verify --retention-period/--retention-rule</c>: tombstones the policy explains are expected and counted; others are tampering.</summary>
public sealed class VerifyRetentionPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    /// <summary>Six records, a server change and a session in turn; the two first sessions tombstoned by a 30-day rule.</summary>
    private async Task WriteWithTombstonesAsync()
    {
        var records = TestTrail.Hourly(Start, 6, ("server.updated", AuditActionType.Update), ("session.started", AuditActionType.Authentication));
        await _trail.WriteAsync(records);
        await using var store = _trail.OpenStore();
        await store.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, "retention:Rules[0]"), new AuditTombstoneRequest(4, records[3].Id, "retention:Rules[0]")]);
    }

    private Task<(int Exit, string Output, string Error)> VerifyAsync(params string[] policy) =>
        CliRunner.RunAsync(["verify", "--sqlite", _trail.Database, .. policy]);

    [Fact]
    public async Task Verify_TombstonesThePolicyExplains_AreValidAndCounted()
    {
        await WriteWithTombstonesAsync();

        var (exit, output, error) = await VerifyAsync("--retention-period", "365d", "--retention-rule", "action=session.,period=30d");

        exit.Should().Be(AuditTrailCommand.Valid, output + error);
        output.Should().Contain("VALID").And.Contain("rows verified: 6").And.Contain("of them tombstones (expired by the retention policy): 2");
    }

    [Fact]
    public async Task Verify_TombstonesWithoutAPolicy_OrOneThatStillKeepsThem_AreReported()
    {
        await WriteWithTombstonesAsync();

        var none = await VerifyAsync();
        var keeps = await VerifyAsync("--retention-period", "forever", "--retention-rule", "type=Authentication,period=365d");

        none.Exit.Should().Be(AuditTrailCommand.ProblemFound);
        none.Output.Should().Contain("ModifiedRow at row 2").And.Contain("no retention policy to explain it");
        keeps.Exit.Should().Be(AuditTrailCommand.ProblemFound);
        keeps.Output.Should().Contain("ModifiedRow at row 2").And.Contain("outside the retention policy: Retention.Rules[0] keeps session.started");
    }

    [Theory]
    [InlineData("--retention-rule", "action=session.", "needs a period")]
    [InlineData("--retention-rule", "period=30d", "needs a period and at least one of type, action or tenant")]
    [InlineData("--retention-rule", "kind=x,period=30d", "'kind=x' is not type=")]
    [InlineData("--retention-period", "soon", "'soon' is not a duration")]
    [InlineData("--retention-period", "2000000w", "--retention-period: '2000000w' is not a duration")]
    [InlineData("--retention-period", "9999999d", "at most 1000 years")]
    [InlineData("--retention-rule", "action=auth.,period=2000000w", "--retention-rule 'action=auth.,period=2000000w': '2000000w' is not a duration")]
    public async Task Verify_BadRetentionPolicy_IsAUsageError(string option, string value, string message)
    {
        await WriteWithTombstonesAsync();

        var (exit, _, error) = await VerifyAsync(option, value);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(message).And.NotContain("   at ");
    }
}
