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
}
