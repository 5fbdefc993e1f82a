namespace AuditTrail.Tests.Review;

public sealed class MaintenanceWindowTests
{
    [Fact]
    public async Task Review_NoWindowsDeclared_DoesNotRun()
    {
        var trail = new Trail();
        trail.Change(Trail.Monday.AddDays(1).AddHours(14), "u-mike");

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_ChangesInsideAWindowThatCrossesMidnight_AreFine_AndOutside_AreOneEpisodePerActor()
    {
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(4), "Europe/Berlin"));

        // Saturday 21 November 23:30 and Sunday 01:30 Berlin time (UTC+1): inside.
        trail.Change(new DateTimeOffset(2026, 11, 21, 22, 30, 0, TimeSpan.Zero), "u-mike");
        trail.Change(new DateTimeOffset(2026, 11, 22, 0, 30, 0, TimeSpan.Zero), "u-mike");

        // Tuesday 14:00 UTC, three changes in 20 minutes: outside, one episode.
        var outside = Enumerable.Range(0, 3).Select(i => trail.Change(Trail.Monday.AddDays(1).AddHours(14).AddMinutes(i * 10), "u-mike", i == 2 ? AuditActionType.Delete : AuditActionType.Update)).ToList();

        var finding = (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which;

        finding.Detector.Should().Be(AuditDetectors.ChangeOutsideMaintenanceWindow);
        finding.Severity.Should().Be(AuditFindingSeverity.Medium);
        finding.EvidenceIds.Should().Equal(outside.Select(r => r.Id));
        finding.Summary.Should().Be("3 changes (2 kinds) by 'u-mike' outside the maintenance windows, 2026-11-17 14:00 UTC in 20 minutes");
    }

    [Fact]
    public async Task Review_AWindowAtTheSameLocalTimeOnBothSidesOfADaylightSavingChange_StaysAtThatLocalTime()
    {
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(1), "Europe/Berlin"));

        // 22:30 Berlin time on 17 October (UTC+2) and on 31 October (UTC+1).
        trail.Change(new DateTimeOffset(2026, 10, 17, 20, 30, 0, TimeSpan.Zero), "u-mike");
        trail.Change(new DateTimeOffset(2026, 10, 31, 21, 30, 0, TimeSpan.Zero), "u-mike");

        // 21:30 UTC on 17 October is 23:30 in Berlin: outside the one-hour window.
        var outside = trail.Change(new DateTimeOffset(2026, 10, 17, 21, 30, 0, TimeSpan.Zero), "u-ann");

        var findings = (await trail.ReviewAsync(new DateTimeOffset(2026, 10, 12, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero))).Findings;

        findings.Should().ContainSingle().Which.EvidenceIds.Should().Equal(outside.Id);
    }

    [Fact]
    public async Task Review_AChangeInAOneOffWindow_IsFine_AndSystemActorsAreNotChanges()
    {
        var trail = new Trail();
        var tuesday = Trail.Monday.AddDays(1);
        trail.Options.Maintenance.OneOff.Add(new AuditMaintenancePeriod(tuesday.AddHours(13), tuesday.AddHours(15)));
        trail.Change(tuesday.AddHours(14), "u-mike");
        trail.Record(tuesday.AddHours(16), AuditActor.System, "api_key.deleted", AuditActionType.Delete);

        (await trail.ReviewWeekAsync()).Findings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-08T03:05:00-04:00", "2026-03-08T04:05:00-04:00")]
    [InlineData("Australia/Lord_Howe", "2026-10-04T02:35:00+11:00", "2026-10-04T03:35:00+11:00")]
    public async Task Review_AWindowThatStartsInTheHourTheClocksSkip_OpensWhenTheyResume(string zone, string inside, string outside)
    {
        // New York skips 02:00 to 03:00 on 8 March 2026, Lord Howe 02:00 to 02:30 on 4 October 2026: a 02:10 start
        // opens at 03:00 and 02:30, and the window lasts its hour from there.
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 10), TimeSpan.FromHours(1), zone));
        trail.Change(DateTimeOffset.Parse(inside, System.Globalization.CultureInfo.InvariantCulture), "u-mike");
        var late = trail.Change(DateTimeOffset.Parse(outside, System.Globalization.CultureInfo.InvariantCulture), "u-ann");

        var findings = (await trail.ReviewAsync(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 10, 0, 0, 0, TimeSpan.Zero))).Findings;

        findings.Should().ContainSingle().Which.EvidenceIds.Should().Equal(late.Id);
    }

    [Fact]
    public async Task Review_AWindowThatStartsInTheHourTheClocksRepeat_OpensTheFirstTimeTheClocksReadItsStart()
    {
        // New York reads 01:00 to 02:00 twice on 1 November 2026: a 01:30 window of half an hour opens at the first
        // 01:30 (EDT, 05:30 UTC) and closes half an hour later, at the second 01:00 (EST).
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(1, 30), TimeSpan.FromMinutes(30), "America/New_York"));
        trail.Change(new DateTimeOffset(2026, 11, 1, 5, 40, 0, TimeSpan.Zero), "u-mike");
        var late = trail.Change(new DateTimeOffset(2026, 11, 1, 6, 40, 0, TimeSpan.Zero), "u-ann");

        var findings = (await trail.ReviewAsync(new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero))).Findings;

        findings.Should().ContainSingle().Which.EvidenceIds.Should().Equal(late.Id);
    }

    [Fact]
    public async Task Review_AWindowHoldsItsOpeningInstant_NotItsClosingOne()
    {
        var trail = new Trail();
        var tuesday = Trail.Monday.AddDays(1);
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Tuesday, new TimeOnly(10, 0), TimeSpan.FromHours(2)));
        trail.Change(tuesday.AddHours(10), "u-open");
        trail.Change(tuesday.AddHours(12).AddTicks(-1), "u-last");
        trail.Change(tuesday.AddHours(12), "u-close");
        trail.Change(tuesday.AddHours(10).AddTicks(-1), "u-before");

        var findings = (await trail.ReviewWeekAsync()).Findings;

        findings.Select(f => f.ActorId).Should().BeEquivalentTo(["u-close", "u-before"], "a window is [start, start + Duration)");
    }
}
