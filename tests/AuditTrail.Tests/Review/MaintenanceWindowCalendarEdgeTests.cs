namespace AuditTrail.Tests.Review;

/// <summary>
/// A change recorded at either end of the calendar (an import's <c>OccurredAt</c> may be any instant), with weekly
/// windows in zones 14 hours ahead of and 12 behind UTC: the windows around it reach past the calendar and are cut
/// there, so the review and the alerts judge it rather than fail on it (the alerts' consumer would retry it forever).
/// </summary>
public sealed class MaintenanceWindowCalendarEdgeTests
{
    // 0001-01-01 is a Monday: no Saturday window opened before it, so a change then is outside. At the calendar's end
    // the Saturday window of 9999-12-25, a week long in Kiritimati, is open.
    public static TheoryData<string, bool> Edges => new()
    {
        { "0001-01-01T00:00:00Z", true },
        { "0001-01-01T05:00:00Z", true },
        { "9999-12-31T23:00:00Z", false },
        { "9999-12-31T23:59:59.9999999Z", false },
    };

    private static Trail WithWindowsPastTheCalendar()
    {
        var trail = new Trail();
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromDays(7), "Pacific/Kiritimati"));
        trail.Options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Monday, new TimeOnly(1, 0), TimeSpan.FromHours(6), "Etc/GMT+12"));
        return trail;
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task Review_AChangeAtTheCalendarsEdge_IsJudgedByTheWindows(string at, bool outside)
    {
        var trail = WithWindowsPastTheCalendar();
        var change = trail.Change(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), "u-mike");

        var report = await trail.ReviewAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        report.Findings.Select(f => f.EvidenceIds.Single()).Should().Equal(outside ? [change.Id] : []);
    }

    [Theory]
    [MemberData(nameof(Edges))]
    public async Task Alerts_AChangeAtTheCalendarsEdge_IsHandled(string at, bool outside)
    {
        var trail = WithWindowsPastTheCalendar();
        var change = trail.Change(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), "u-mike");
        trail.Options.MaxAlertAge = null;
        var sink = new RecordingAlertSink();

        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));

        sink.Alerts.Select(f => f.EvidenceIds.Single()).Should().Equal(outside ? [change.Id] : []);
    }

    [Fact]
    public async Task Alerts_ALateChangeAfterOneAtTheCalendarsEnd_RebuildsWithoutAnError()
    {
        var trail = WithWindowsPastTheCalendar();
        trail.Change(DateTimeOffset.MaxValue.AddSeconds(-1), "u-mike");
        var alerts = trail.Alerts(new RecordingAlertSink());
        await alerts.HandleAsync(trail.Feed(DateTimeOffset.MinValue));
        trail.Change(DateTimeOffset.MaxValue.AddHours(-2), "u-ann");

        var late = async () => await alerts.HandleAsync([.. trail.Feed(DateTimeOffset.MinValue).Skip(1)]);

        await late.Should().NotThrowAsync();
    }
}
