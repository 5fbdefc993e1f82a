namespace AuditTrail.Tests.Review;

/// <summary>A review period may start or end at either end of the calendar; the detectors' look-back and look-ahead stop there.</summary>
public sealed class ReviewPeriodEdgeTests
{
    [Fact]
    public async Task Review_APeriodAtTheCalendarsStart_LooksBackNoFurtherThanItsFirstDay()
    {
        var trail = new Trail();
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(Trail.Monday.AddSeconds(i * 10), "sarah", "198.51.100.9");
        }

        var everything = await trail.ReviewAsync(DateTimeOffset.MinValue, Trail.Monday.AddDays(1));
        var firstDays = await trail.ReviewAsync(DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddDays(2));

        everything.Findings.Should().ContainSingle(f => f.Detector == AuditDetectors.BruteForce)
            .Which.Summary.Should().StartWith("12 failed logins for 'sarah' from 198.51.100.9");
        firstDays.Findings.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_APeriodEndingAtTheCalendarsEnd_FindsAGapWithoutLookingPastIt()
    {
        var trail = new Trail();
        var stop = trail.System(Trail.Monday.AddDays(2), AuditActions.AuditStopped);

        var report = await trail.ReviewAsync(Trail.Monday, DateTimeOffset.MaxValue);

        report.Findings.Should().ContainSingle().Which.EvidenceIds.Should().Equal(stop.Id);
    }

    [Fact]
    public async Task Review_RecordsAtTheCalendarsStart_AreReviewed_NotAnError()
    {
        // An import may date records at any instant: the baseline's, the bursts' and the purge check's look-backs stop at 0001-01-01.
        var trail = new Trail();
        var start = DateTimeOffset.MinValue;
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(start.AddSeconds(i * 10), "sarah", "198.51.100.9");
        }

        trail.LoginSucceeded(start.AddMinutes(5), "u-mike");
        trail.Purged(start.AddHours(1), start);
        trail.TrailOptions.Retention.Period = TimeSpan.FromDays(3650);

        var report = await trail.ReviewAsync(DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddDays(2));

        report.Findings.Should().ContainSingle(f => f.Detector == AuditDetectors.BruteForce)
            .Which.Summary.Should().StartWith("12 failed logins for 'sarah' from 198.51.100.9");
    }

    [Fact]
    public async Task Alerts_RecordsAtTheCalendarsStart_AreHandled_NotRetriedForever()
    {
        var trail = new Trail();
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(DateTimeOffset.MinValue.AddSeconds(i * 10), "sarah", "198.51.100.9");
        }

        trail.LoginSucceeded(DateTimeOffset.MinValue.AddMinutes(5), "u-mike");
        trail.Options.MaxAlertAge = null;
        var sink = new RecordingAlertSink();

        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));

        sink.Alerts.Should().ContainSingle(f => f.Detector == AuditDetectors.BruteForce);
    }
}
