namespace AuditTrail.Tests.Review;

public sealed class BruteForceTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Fact]
    public async Task Review_ThresholdFailuresWithinTheWindow_FindsOneBruteForceWithEveryFailureAsEvidence()
    {
        var trail = new Trail();
        var failures = Enumerable.Range(0, 10).Select(i => trail.LoginFailed(At.AddMinutes(i), "sarah")).ToList();

        var report = await trail.ReviewWeekAsync();

        var finding = report.Findings.Should().ContainSingle().Which;
        finding.Detector.Should().Be(AuditDetectors.BruteForce);
        finding.Severity.Should().Be(AuditFindingSeverity.High);
        finding.ActorId.Should().Be("sarah");
        finding.SourceIp.Should().Be("203.0.113.7");
        finding.Summary.Should().Be("10 failed logins for 'sarah' from 203.0.113.7 in 9 minutes");
        finding.EvidenceIds.Should().Equal(failures.Select(f => f.Id));
        (finding.Start, finding.End).Should().Be((failures[0].OccurredAt, failures[^1].OccurredAt));
    }

    [Fact]
    public async Task Review_OneFailureBelowTheThreshold_FindsNothing()
    {
        var trail = new Trail();
        for (var i = 0; i < 9; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "sarah");
        }

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_ThresholdFailuresSpreadWiderThanTheWindow_FindsNothing()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i * 1.2), "sarah");
        }

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_FailuresOfDifferentAccounts_AreNoBruteForce()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "user" + i, ip: "198.51.100." + i);
        }

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_SuccessRightAfterABurst_IsACriticalFindingWithTheIssuesSummary()
    {
        var trail = new Trail();
        var failures = Enumerable.Range(0, 12).Select(i => trail.LoginFailed(At.AddSeconds(i * 20), "sarah")).ToList();
        var success = trail.LoginSucceeded(At.AddMinutes(5), "sarah");

        var report = await trail.ReviewWeekAsync();

        report.Findings.Select(f => f.Detector).Should().Equal(AuditDetectors.SuccessAfterFailures, AuditDetectors.BruteForce);
        var compromise = report.Findings[0];
        compromise.Severity.Should().Be(AuditFindingSeverity.Critical);
        compromise.Summary.Should().Be("12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes, then a success");
        compromise.EvidenceIds.Should().Equal([.. failures.Select(f => f.Id), success.Id]);
    }

    [Fact]
    public async Task Review_SuccessLongAfterTheBurst_IsNoCompromise()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "sarah");
        }

        trail.LoginSucceeded(At.AddMinutes(9 + 11), "sarah");

        (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which.Detector.Should().Be(AuditDetectors.BruteForce);
    }

    [Fact]
    public async Task Review_BurstThatGoesOn_IsOneEpisodeWithTheSameIdAsItsFirstPart()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "sarah");
        }

        var first = (await trail.ReviewWeekAsync()).Findings.Single();
        for (var i = 10; i < 30; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "sarah");
        }

        var later = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;
        later.Id.Should().Be(first.Id);
        later.Summary.Should().StartWith("30 failed logins for 'sarah'");
    }

    [Fact]
    public async Task Review_FailuresOfAKnownAccount_NameTheAccountAsTheActor_AndTheTypedNameInTheSummary()
    {
        var trail = new Trail();
        var sarah = AuditActor.User("u-sarah", "Sarah Miller");
        for (var i = 0; i < 12; i++)
        {
            var typed = i % 2 == 0 ? "sarah" : "sarah@example.com";
            trail.Record(At.AddSeconds(i * 20), sarah, AuditActions.LoginFailed, AuditActionType.Authentication, AuditOutcome.Failure,
                resource: new AuditResource("user", "u-sarah", typed), target: new AuditTargetUser("u-sarah", "Sarah Miller"),
                metadata: new() { ["attempted_user"] = typed });
        }

        trail.Record(At.AddMinutes(5), sarah, AuditActions.LoginSucceeded, AuditActionType.Authentication, resource: new AuditResource("user", "u-sarah", "sarah"));

        var report = await trail.ReviewWeekAsync();

        report.Findings.Select(f => f.Detector).Should().Equal(AuditDetectors.SuccessAfterFailures, AuditDetectors.BruteForce);
        report.Findings.Should().OnlyContain(f => f.ActorId == "u-sarah", "the account is known: its id is the actor a viewer filters by");
        report.Findings[1].Summary.Should().StartWith("12 failed logins for 'sarah", "the summary names the account as typed");
    }
}
