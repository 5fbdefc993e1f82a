namespace AuditTrail.Tests.Review;

public sealed class ReviewAlertTests
{
    private static readonly DateTimeOffset At = Trail.Monday.AddDays(2).AddHours(10);

    [Fact]
    public async Task Alerts_ABurstThatGoesOnOverSeveralBatches_AlertsOnce_WithTheIdTheReviewGives()
    {
        var trail = new Trail();
        for (var i = 0; i < 30; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        foreach (var batch in trail.Feed(At).Chunk(4))
        {
            await alerts.HandleAsync(batch);
        }

        var alert = sink.Alerts.Should().ContainSingle().Which;
        alert.Detector.Should().Be(AuditDetectors.BruteForce);
        alert.Summary.Should().StartWith("12 failed logins for 'sarah'", "the alert describes the episode as the batch that crossed the threshold ends");
        (await trail.ReviewWeekAsync()).Findings.Single().Id.Should().Be(alert.Id);
    }

    [Fact]
    public async Task Alerts_AfterARestartInTheMiddleOfABurst_DoNotAlertAgain_ButANewEpisodeDoes()
    {
        var trail = new Trail();
        for (var i = 0; i < 20; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var feed = trail.Feed(At);
        var before = new RecordingAlertSink();
        await trail.Alerts(before).HandleAsync([.. feed.Take(12)]);

        // A new process: the consumer resumes after the last handled record, with state rebuilt from the trail.
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddHours(1).AddSeconds(i * 20), "sarah");
        }

        var after = new RecordingAlertSink();
        var restarted = trail.Alerts(after);
        foreach (var batch in trail.Feed(At).Skip(12).Chunk(5))
        {
            await restarted.HandleAsync(batch);
        }

        before.Alerts.Should().ContainSingle();
        var second = after.Alerts.Should().ContainSingle().Which;
        second.Id.Should().NotBe(before.Alerts[0].Id);
        second.Start.Should().Be(At.AddHours(1));
    }

    [Fact]
    public async Task Alerts_AfterAnotherInstanceHandledPartOfABurst_RebuildAndDoNotAlertItsContinuationAsNew()
    {
        var trail = new Trail();
        for (var i = 0; i < 30; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var feed = trail.Feed(At);
        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        await alerts.HandleAsync([.. feed.Take(5)]);

        // Another instance held the lease for records 6 to 15 and alerted the burst; this one gets the lease back.
        await alerts.HandleAsync([.. feed.Skip(15)]);

        sink.Alerts.Should().BeEmpty();
    }

    [Fact]
    public async Task Alerts_AfterARestart_ABurstCommittedLaterWithEarlierTimes_IsStillAlerted()
    {
        // An import, newest first: commit (feed) order is the reverse of time order, so the records before the first
        // batch in time are records the consumer has not handled yet.
        var trail = new Trail();
        for (var i = 14; i >= 0; i--)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        foreach (var batch in trail.Feed(At).Chunk(5))
        {
            await alerts.HandleAsync(batch);
        }

        var alert = sink.Alerts.Should().ContainSingle().Which;
        alert.Detector.Should().Be(AuditDetectors.BruteForce);
        alert.Id.Should().Be((await trail.ReviewWeekAsync()).Findings.Single().Id);
    }

    [Fact]
    public async Task Alerts_ABurstCommittedAfterNewerRecords_SplitOverTwoBatches_IsStillAlerted()
    {
        // A replayed spool: ten failures of half an hour ago are committed after a record of now, and the feed hands
        // them over in two batches; the first batch's newer record must not make the detectors forget the first three.
        var trail = new Trail();
        trail.Change(At.AddMinutes(30), "u-mike");
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        foreach (var batch in trail.Feed(At).Chunk(4))
        {
            await alerts.HandleAsync(batch);
        }

        var alert = sink.Alerts.Should().ContainSingle().Which;
        alert.Detector.Should().Be(AuditDetectors.BruteForce);
        alert.EvidenceIds.Should().HaveCount(10);
        alert.Id.Should().Be((await trail.ReviewWeekAsync()).Findings.Single().Id);
    }

    [Fact]
    public async Task Alerts_AnImportOfMonthsOldRecords_DoesNotMakeTheConsumerRebuildForEachBatch()
    {
        // Records far older than any detector's window gain nothing from a rebuild, which reads the trail around now.
        var trail = new Trail();
        trail.LoginSucceeded(At, "mike");
        for (var i = 0; i < 200; i++)
        {
            trail.LoginFailed(At.AddDays(-60).AddSeconds(i * 20), "user" + (i % 3));
            trail.Change(At.AddDays(-60).AddSeconds(i * 20), "u-ann", AuditActionType.Delete);
        }

        var alerts = trail.Alerts(new RecordingAlertSink());
        var feed = trail.Feed(DateTimeOffset.MinValue);
        await alerts.HandleAsync([.. feed.Take(1)]);
        var reads = trail.Store.Filters.Count;
        foreach (var batch in feed.Skip(1).Chunk(10))
        {
            await alerts.HandleAsync(batch);
        }

        trail.Store.Filters.Count.Should().Be(reads);
    }

    [Fact]
    public async Task Alerts_ABurstAlreadyAlerted_IsNotAlertedAgain_WhenALateRecordMakesTheConsumerRebuild()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        trail.Change(At.AddMinutes(30), "u-mike");
        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(sink);
        await alerts.HandleAsync(trail.Feed(At));

        // A late failure that belongs to the burst comes through the feed: the burst was alerted already.
        trail.LoginFailed(At.AddMinutes(2).AddSeconds(10), "sarah");
        await alerts.HandleAsync([.. trail.Feed(At).Skip(11)]);

        sink.Alerts.Should().ContainSingle().Which.Summary.Should().Contain("'sarah'");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task Alerts_AfterARestart_ALateSuccessAfterABurstAlertedBefore_IsAlerted_AndTheBurstIsNotAlertedAgain(int batchSize)
    {
        // Before the restart: ten failures, alerted, and the stop twenty minutes later.
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i), "sarah");
        }

        var before = new RecordingAlertSink();
        await trail.Alerts(before).HandleAsync(trail.Feed(At));
        trail.System(At.AddMinutes(20), AuditActions.AuditStopped);
        trail.System(At.AddMinutes(20).AddSeconds(3), AuditActions.AuditStarted);

        // After it: five more failures of the same burst and a success, committed late.
        for (var i = 10; i < 15; i++)
        {
            trail.LoginFailed(At.AddSeconds(i), "sarah");
        }

        trail.LoginSucceeded(At.AddSeconds(20), "sarah");
        var after = new RecordingAlertSink();
        var restarted = trail.Alerts(after);
        foreach (var batch in trail.Feed(At).Skip(10).Chunk(batchSize))
        {
            await restarted.HandleAsync(batch);
        }

        // The burst was alerted before the restart: its late failures make it no new episode.
        before.Alerts.Should().ContainSingle();
        after.Alerts.Should().ContainSingle().Which.Detector.Should().Be(AuditDetectors.SuccessAfterFailures);
    }

    [Fact]
    public async Task Alerts_AfterARestartThatRedeliversABatch_RecogniseFindingsRecordedAsEvents()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var recorder = new CapturingAuditLogger(trail.Store);
        await trail.Alerts(new AuditEventAlertSink(recorder)).HandleAsync(trail.Feed(At));

        // The process died before its position moved: the same batch comes again to a new instance.
        var again = new RecordingAlertSink();
        await trail.Alerts(again).HandleAsync(trail.Feed(At).Where(e => e.Record.Action != AuditActions.ReviewFinding).ToList());

        recorder.Events.Should().ContainSingle();
        again.Alerts.Should().BeEmpty();
    }

    [Fact]
    public async Task Alerts_ASinkThatFailedBeforeARestart_GetsTheFinding_WhenTheEventSinkIsRegisteredFirst()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        // AddReviewFindingsAsEvents() before the webhook: the finding is recorded, the webhook is down, the host stops.
        var recorder = new CapturingAuditLogger(trail.Store);
        var down = new RecordingAlertSink { FailuresLeft = int.MaxValue };
        var first = () => trail.Alerts(new AuditEventAlertSink(recorder), down).HandleAsync(trail.Feed(At));
        await first.Should().ThrowAsync<HttpRequestException>();

        // The next process gets the same batch (its position never moved) and the webhook is back.
        var back = new RecordingAlertSink();
        await trail.Alerts(new AuditEventAlertSink(recorder), back).HandleAsync(trail.Feed(At).Where(e => e.Record.Action != AuditActions.ReviewFinding).ToList());

        back.Alerts.Should().ContainSingle("a recorded finding means every sink had it, so the event is recorded after the others took it");
        recorder.Events.Should().ContainSingle();
    }

    [Fact]
    public async Task Alerts_ASinkThatFails_GetsTheFindingAgainWithTheRetriedBatch_AndTheOtherSinkOnlyOnce()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var steady = new RecordingAlertSink();
        var flaky = new RecordingAlertSink { FailuresLeft = 1 };
        var alerts = trail.Alerts(steady, flaky);
        var batch = trail.Feed(At);

        var first = () => alerts.HandleAsync(batch);
        await first.Should().ThrowAsync<HttpRequestException>();
        await alerts.HandleAsync(batch);

        steady.Alerts.Should().ContainSingle();
        flaky.Alerts.Should().ContainSingle().Which.Id.Should().Be(steady.Alerts[0].Id);
    }

    [Fact]
    public async Task EventSink_RecordsASystemSecurityEvent_ThatNeverBecomesEvidence()
    {
        var trail = new Trail();
        for (var i = 0; i < 10; i++)
        {
            trail.LoginFailed(At.AddSeconds(i * 20), "sarah");
        }

        var recorder = new CapturingAuditLogger(trail.Store);
        var sink = new RecordingAlertSink();
        var alerts = trail.Alerts(new AuditEventAlertSink(recorder), sink);
        await alerts.HandleAsync(trail.Feed(At));
        await alerts.HandleAsync([new AuditFeedEntry(1000, trail.Store.Records[^1])]);

        var recorded = recorder.Events.Should().ContainSingle().Which;
        recorded.Action.Should().Be(AuditActions.ReviewFinding);
        recorded.ActionType.Should().Be(AuditActionType.Security);
        recorded.Actor.Should().Be(AuditActor.System);
        recorded.Metadata!["finding_id"].Should().Be(sink.Alerts[0].Id);
        recorded.Metadata["detector"].Should().Be(AuditDetectors.BruteForce);
        recorded.Metadata["severity"].Should().Be("High");
        recorded.Metadata["evidence_ids"].Split(',').Should().HaveCount(10);
        sink.Alerts.Should().ContainSingle();
        (await trail.ReviewWeekAsync()).Findings.Should().ContainSingle();
    }

    [Fact]
    public async Task Alerts_TurnedOnOverATrailWithHistory_AlertOnlyEpisodesWithinMaxAlertAge()
    {
        var trail = new Trail();
        var old = At.AddDays(-30);
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(old.AddSeconds(i * 20), "sarah");
            trail.LoginFailed(At.AddSeconds(i * 20), "mike");
        }

        var sink = new RecordingAlertSink();
        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));

        sink.Alerts.Should().ContainSingle("the episode of 30 days ago is history, past the default MaxAlertAge of 7 days")
            .Which.Summary.Should().Contain("'mike'");
        (await trail.ReviewAsync(old.AddHours(-1), At.AddDays(1))).Findings.Should().HaveCount(2, "a review still reports both");
    }

    [Fact]
    public async Task Alerts_WithoutMaxAlertAge_AlertTheWholeHistory()
    {
        var trail = new Trail();
        trail.Options.MaxAlertAge = null;
        for (var i = 0; i < 12; i++)
        {
            trail.LoginFailed(At.AddDays(-400).AddSeconds(i * 20), "sarah");
        }

        var sink = new RecordingAlertSink();
        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));

        sink.Alerts.Should().ContainSingle().Which.Start.Should().Be(At.AddDays(-400));
    }

    [Fact]
    public async Task Alerts_AnEpisodeEndingJustWithinMaxAlertAge_IsAlerted()
    {
        var trail = new Trail();
        trail.Options.MaxAlertAge = TimeSpan.FromHours(1);
        var end = trail.AlertTime.GetUtcNow().AddHours(-1).AddSeconds(1);
        for (var i = 11; i >= 0; i--)
        {
            trail.LoginFailed(end.AddSeconds(-i * 20), "sarah");
        }

        var sink = new RecordingAlertSink();
        await trail.Alerts(sink).HandleAsync(trail.Feed(DateTimeOffset.MinValue));

        sink.Alerts.Should().ContainSingle().Which.End.Should().Be(end);
    }

    /// <summary>Records the events it is given, and stores them as records so a later read sees them.</summary>
    private sealed class CapturingAuditLogger(ReviewStore store) : IAuditLogger
    {
        public List<AuditEvent> Events { get; } = [];

        public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Events.Add(auditEvent);
            var at = store.Records[^1].OccurredAt.AddSeconds(1);
            var id = Guid.CreateVersion7(at);
            store.Add(new AuditRecord
            {
                Id = id,
                OccurredAt = at,
                RecordedAt = at,
                Actor = auditEvent.Actor!,
                Action = auditEvent.Action,
                ActionType = auditEvent.ActionType,
                Metadata = new SortedDictionary<string, string>(auditEvent.Metadata!.ToDictionary(), StringComparer.Ordinal),
            });
            return Task.FromResult(id);
        }
    }
}
