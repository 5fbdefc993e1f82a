namespace AuditTrail.Tests.Review;

/// <summary>A standing finding (an admin without MFA) has not ended while it holds: MaxAlertAge does not make it history.</summary>
public sealed class ReviewAlertStandingTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Alerts_TurnedOnOverATrail_AnAdminStillWithoutMfaSinceLongAgo_IsAlerted_OneWhoEnabledItSince_IsNot(int batchSize)
    {
        var trail = new Trail();
        trail.Options.DisabledDetectors.Add(AuditDetectors.PrivilegeEscalation);
        trail.RoleChanged(At.AddDays(-30), "u-admin", "u-priya", "User", "Admin");
        trail.RoleChanged(At.AddDays(-30), "u-admin", "u-bob", "User", "Admin");
        trail.Security(At.AddDays(-20), "u-bob", AuditActions.MfaEnabled, "u-bob");
        trail.LoginSucceeded(At, "u-ann");

        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        foreach (var batch in trail.Feed(DateTimeOffset.MinValue).Chunk(batchSize))
        {
            await alerts.HandleAsync(batch);
        }

        sink.Alerts.Select(f => (f.Detector, f.ActorId)).Should().Equal(
            [(AuditDetectors.AdminWithoutMfa, "u-priya")],
            "u-priya is an admin without MFA now, as every review reports; u-bob's episode ended 20 days ago");
        (await trail.ReviewWeekAsync()).Findings.Select(f => f.ActorId).Should().Equal("u-priya");
    }
}
