namespace AuditTrail.Tests.Review;

public sealed class LoginBaselineTests
{
    // Daylight saving ended in Europe on Sunday 25 October 2026: 09:00 in Berlin was 07:00 UTC before, 08:00 UTC after.
    private static readonly DateTimeOffset BeforeDst = new(2026, 10, 19, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Review_LoginAtTheUsualLocalHourAcrossADaylightSavingChange_IsUsualInTheUsersTimeZone()
    {
        var trail = BerlinMornings();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_TheSameLoginMeasuredInUtc_IsAnHourOffTheBaseline()
    {
        var trail = BerlinMornings();
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike");

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.UnusualLoginTime);
        finding.Summary.Should().Be("Login by 'u-mike' at 08:00 (UTC), outside the hours of their 6 logins of the last 30 days");
    }

    [Fact]
    public async Task Review_LoginInTheNight_IsUnusualTime()
    {
        var trail = BerlinMornings();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        var night = trail.LoginSucceeded(Trail.Monday.AddDays(2).AddHours(2), "u-mike");

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.UnusualLoginTime);
        finding.Severity.Should().Be(AuditFindingSeverity.Low);
        finding.EvidenceIds.Should().Equal(night.Id);
        finding.Summary.Should().Contain("at 03:00 (Europe/Berlin)");
    }

    [Fact]
    public async Task Review_TooFewLoginsForABaseline_FindsNothing()
    {
        var trail = new Trail();
        for (var day = 0; day < 4; day++)
        {
            trail.LoginSucceeded(BeforeDst.AddDays(day), "u-mike");
        }

        trail.LoginSucceeded(Trail.Monday.AddDays(2).AddHours(2), "u-mike", ip: "192.0.2.1", userAgent: Trail.Firefox);

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_LoginFromAnotherNetworkAndClient_IsNewNetworkAndNewClient()
    {
        var trail = BerlinMornings();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike", ip: "198.51.100.23", userAgent: Trail.Firefox);

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Select(f => f.Detector).Should().BeEquivalentTo([AuditDetectors.NewNetwork, AuditDetectors.NewClient]);
        findings.Single(f => f.Detector == AuditDetectors.NewNetwork).Summary.Should()
            .Be("Login by 'u-mike' from 198.51.100.0/24, a network not seen for them in the last 30 days (6 logins)");
        findings.Single(f => f.Detector == AuditDetectors.NewClient).Summary.Should().Contain("with Firefox, a client not seen");
    }

    [Fact]
    public async Task Review_LoginFromTheSameSlash24_IsNoNewNetwork()
    {
        var trail = BerlinMornings();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike", ip: "203.0.113.250");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_IPv6LoginFromTheSameSlash48_IsNoNewNetwork()
    {
        var trail = BerlinMornings(ip: "2001:db8:aaaa:1::7");
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike", ip: "2001:db8:aaaa:ffff:1:2:3:4");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_IPv6LoginFromAnotherSlash48_IsNewNetwork()
    {
        var trail = BerlinMornings(ip: "2001:db8:aaaa:1::7");
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        var login = trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike", ip: "2001:db8:aaab:1::7");

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.NewNetwork);
        finding.EvidenceIds.Should().Equal(login.Id);
        finding.Summary.Should().Be("Login by 'u-mike' from 2001:db8:aaab::/48, a network not seen for them in the last 30 days (6 logins)");
    }

    [Fact]
    public async Task Review_WithAGeoLocator_LoginFromANewCountry_IsNewCountry()
    {
        var trail = BerlinMornings();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        trail.Options.DisabledDetectors.Add(AuditDetectors.NewNetwork);
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(8), "u-mike", ip: "198.51.100.23");

        var finding = (await trail.ReviewWeekAsync(geo: new PrefixGeoLocator())).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.NewCountry);
        finding.Summary.Should().StartWith("Login by 'u-mike' from FR, a country not seen");
    }

    /// <summary>Six logins of u-mike at 09:00 Berlin time (07:00 UTC) from <paramref name="ip"/> with Chrome, all before the DST change; no margin.</summary>
    private static Trail BerlinMornings(string ip = "203.0.113.7")
    {
        var trail = new Trail();
        trail.Options.LoginBaseline.HourMargin = 0;
        for (var day = 0; day < 6; day++)
        {
            trail.LoginSucceeded(BeforeDst.AddDays(day), "u-mike", ip: ip);
        }

        return trail;
    }

    private sealed class PrefixGeoLocator : IAuditGeoLocator
    {
        public string? GetCountry(string sourceIp) => sourceIp.StartsWith("203.", StringComparison.Ordinal) ? "DE" : "FR";
    }

    [Fact]
    public async Task Review_HourMarginWrapsAroundMidnight_InTheUsersTimeZone()
    {
        var trail = new Trail();
        trail.Options.LoginBaseline.TimeZoneId = "Europe/Berlin";
        for (var day = 1; day <= 6; day++)
        {
            // 23:30 in Berlin (UTC+1).
            trail.LoginSucceeded(Trail.Monday.AddDays(-day).AddHours(22).AddMinutes(30), "u-ann");
        }

        // 00:15 in Berlin is within an hour of 23:30 across midnight; 03:15 is not.
        trail.LoginSucceeded(Trail.Monday.AddDays(1).AddHours(23).AddMinutes(15), "u-ann");
        var unusual = trail.LoginSucceeded(Trail.Monday.AddDays(2).AddHours(2).AddMinutes(15), "u-ann");

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.UnusualLoginTime);
        finding.EvidenceIds.Should().Equal(unusual.Id);
    }
}
