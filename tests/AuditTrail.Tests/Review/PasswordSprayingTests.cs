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
}
