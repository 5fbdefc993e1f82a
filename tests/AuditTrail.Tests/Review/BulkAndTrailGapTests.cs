namespace AuditTrail.Tests.Review;

public sealed class BulkAndTrailGapTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(3).AddHours(11);

    [Theory]
    [InlineData(10_001, true)]
    [InlineData(10_000, false)]
    public async Task Review_AnExportAboveTheLimit_IsBulkExport(int count, bool found)
    {
        var trail = new Trail();
        trail.Record(At, Trail.User("u-mike"), AuditActions.AuditExported, AuditActionType.Access, metadata: new() { ["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Should().HaveCount(found ? 1 : 0);
        if (found)
        {
            findings[0].Summary.Should().Be("'u-mike' exported 10001 audit records (more than 10000)");
        }
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(49, false)]
    public async Task Review_DeletesByOneActorWithinTheWindow_AtTheThreshold_AreBulkDelete(int deletes, bool found)
    {
        var trail = new Trail();
        for (var i = 0; i < deletes; i++)
        {
            trail.Change(At.AddSeconds(i * 10), "u-mike", AuditActionType.Delete);
        }

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Should().HaveCount(found ? 1 : 0);
        if (found)
        {
            findings[0].Detector.Should().Be(AuditDetectors.BulkDelete);
            findings[0].Summary.Should().Be("'u-mike' deleted 50 records in 8 minutes");
        }
    }

    [Fact]
    public async Task Review_AStopWithoutAStart_IsAGap_AndAStopFollowedByAStart_IsNot()
    {
        var trail = new Trail();
        trail.System(At, AuditActions.AuditStopped);
        trail.System(At.AddMinutes(2), AuditActions.AuditStarted);
        var stop = trail.System(At.AddDays(1), AuditActions.AuditStopped);
        trail.System(At.AddDays(1).AddHours(2), AuditActions.AuditStarted);

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.TrailGap);
        finding.EvidenceIds.Should().Equal(stop.Id);
        finding.Summary.Should().Be("The audit trail stopped on 2026-11-20 11:00 UTC and did not start again within 00:10:00");
    }

    [Fact]
    public async Task Review_AStopAtThePeriodsEnd_FollowedByAStartAfterIt_IsNoGap()
    {
        var trail = new Trail();
        trail.System(Trail.Monday.AddDays(7).AddMinutes(-1), AuditActions.AuditStopped);
        trail.System(Trail.Monday.AddDays(7).AddMinutes(3), AuditActions.AuditStarted);

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_AFailedVerification_IsCritical()
    {
        var trail = new Trail();
        trail.Record(At, Trail.User("u-admin"), AuditActions.AuditVerified, AuditActionType.Access, AuditOutcome.Failure);

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Severity.Should().Be(AuditFindingSeverity.Critical);
        finding.Summary.Should().StartWith("Integrity verification of the trail failed on 2026-11-19 11:00 UTC");
    }

    [Fact]
    public async Task Review_PurgesInsideTheRetentionPeriodOrWithoutOne_AreGaps_AndAPurgeByPolicyIsNot()
    {
        var trail = new Trail();
        trail.TrailOptions.Retention.Period = TimeSpan.FromDays(90);
        trail.Purged(At, At.AddDays(-90));
        trail.Purged(At.AddHours(1), At.AddDays(-30));

        var findings = (await trail.ReviewWeekAsync()).Findings;
        findings.Should().ContainSingle().Which.Summary.Should().Be("Retention purged 500 record(s) up to 2026-10-20 11:00 UTC, inside the retention period of 90 days");

        trail.TrailOptions.Retention.Period = null;
        (await trail.ReviewWeekAsync()).Findings.Should().HaveCount(2).And.OnlyContain(f => f.Summary.EndsWith("though no retention period is set", StringComparison.Ordinal));
    }
}
