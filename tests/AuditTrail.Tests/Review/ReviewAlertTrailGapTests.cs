namespace AuditTrail.Tests.Review;

/// <summary>
/// A trail gap across a restart: the host that stopped ran the continuous review, so the stop was handled before the
/// restart and the start that shows the gap comes after it.
/// </summary>
public sealed class ReviewAlertTrailGapTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Fact]
    public async Task Alerts_AStopHandledBeforeARestart_AndAStartLongAfterIt_AlertTheGapOnce()
    {
        var trail = new Trail();
        trail.System(At, AuditActions.AuditStarted);
        trail.LoginSucceeded(At.AddMinutes(5), "u-ann");
        trail.System(At.AddMinutes(10), AuditActions.AuditStopped);
        var sink = new RecordingAlertSink();
        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));
        var handled = trail.Store.Records.Count;

        // Two hours later the host starts again: a new consumer, the batch after what the last one handled.
        trail.System(At.AddHours(2), AuditActions.AuditStarted);
        trail.LoginSucceeded(At.AddHours(2).AddMinutes(1), "u-ann");
        var restarted = trail.Alerts(sink);
        await restarted.HandleAsync([.. trail.Feed(DateTimeOffset.MinValue).Skip(handled)]);

        var alert = sink.Alerts.Should().ContainSingle().Which;
        alert.Detector.Should().Be(AuditDetectors.TrailGap);
        (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle().Which.Id.Should().Be(alert.Id, "the review gives the gap the same id");

        // Another restart over the same trail alerts it no more.
        trail.LoginSucceeded(At.AddHours(3), "u-ann");
        await trail.Alerts(sink).HandleAsync([.. trail.Feed(DateTimeOffset.MinValue).Skip(handled + 2)]);
        sink.Alerts.Should().ContainSingle();
    }

    [Fact]
    public async Task Alerts_AGapAlertedBeforeARestart_IsNotAlertedAgainAfterIt()
    {
        var trail = new Trail();
        trail.System(At, AuditActions.AuditStopped);

        // Another instance goes on logging: the gap shows an hour later, before the restart.
        trail.LoginSucceeded(At.AddHours(1), "u-ann");
        var sink = new RecordingAlertSink();
        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));
        sink.Alerts.Should().ContainSingle().Which.Detector.Should().Be(AuditDetectors.TrailGap);
        var handled = trail.Store.Records.Count;

        trail.System(At.AddHours(2), AuditActions.AuditStarted);
        await trail.Alerts(sink).HandleAsync([.. trail.Feed(DateTimeOffset.MinValue).Skip(handled)]);

        sink.Alerts.Should().ContainSingle("the gap was alerted before the restart");
    }
}
