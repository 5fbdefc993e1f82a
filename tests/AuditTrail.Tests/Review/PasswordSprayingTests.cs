namespace AuditTrail.Tests.Review;

public sealed class PasswordSprayingTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(1).AddHours(3);

    [Fact]
    public async Task Review_OneAddressFailingAgainstTenUserNamesWithinAnHour_IsSpraying()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i * 6), "user" + i, ip: "198.51.100.9");
        }

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.PasswordSpraying);
        finding.SourceIp.Should().Be("198.51.100.9");
        finding.ActorId.Should().BeNull();
        finding.Summary.Should().Be("Failed logins for 10 user names from 198.51.100.9 in 54 minutes (10 attempts)");
    }

    [Fact]
    public async Task Review_NineDistinctUserNames_IsNoSpraying()
    {
        var trail = new Trail();
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(At.AddMinutes(i * 3), "user" + (i % 9), ip: "198.51.100.9");
        }

        (await trail.ReviewWeekAsync()).Findings.Should().NotContain(f => f.Detector == AuditDetectors.PasswordSpraying);
    }

    [Fact]
    public async Task Review_TenUserNamesFromTenAddresses_IsNoSpraying()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "user" + i, ip: "198.51.100." + i);
        }

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_FiftyThousandFailuresFromOneAddressAgainstThreeNamesWithinAnHour_IsBruteForceOnEachName_NotSpraying()
    {
        // An address hammering a few accounts never reaches the spraying threshold, so every failure of its window is
        // compared (the distinct names are counted as they come, not recounted per failure; its speed is the benchmark
        // harness's business, not this test's).
        var trail = new Trail();
        for (var i = 0; i < 50_000; i++)
        {
            trail.LoginFailed(At.AddMilliseconds(i * 70), "user" + (i % 3), ip: "198.51.100.9");
        }

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Should().NotContain(f => f.Detector == AuditDetectors.PasswordSpraying);
        findings.Where(f => f.Detector == AuditDetectors.BruteForce).Should().HaveCount(3);
    }

    [Fact]
    public async Task Review_NamesThatLeaveTheWindow_AreNoLongerCounted()
    {
        var trail = new Trail();
        for (var i = 0; i < 9; i++)
        {
            trail.LoginFailed(At.AddMinutes(i), "user" + i, ip: "198.51.100.9");
        }

        // An hour and more after the first nine, the tenth name meets only the names still in the window.
        trail.LoginFailed(At.AddMinutes(61), "user0", ip: "198.51.100.9");
        trail.LoginFailed(At.AddMinutes(62), "user9", ip: "198.51.100.9");
        (await trail.ReviewWeekAsync()).Findings.Should().NotContain(f => f.Detector == AuditDetectors.PasswordSpraying);

        trail.LoginFailed(At.AddMinutes(62.5), "user1", ip: "198.51.100.9");
        trail.LoginFailed(At.AddMinutes(63), "user10", ip: "198.51.100.9");
        (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle(f => f.Detector == AuditDetectors.PasswordSpraying);
    }
}
