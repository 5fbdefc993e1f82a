using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Feed;

/// <summary>
/// The hosted consumer runner over a real SQLite file, one or two application instances sharing it, driven by a fake
/// clock: delivery in commit order, resume after a stop or a crash, lease takeover, retries with backoff while writes go on.
/// </summary>
public sealed class AuditConsumerRunnerTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero));
    private readonly List<FeedHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Runs after <see cref="DisposeAsync"/> has stopped every instance.</summary>
    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Consumer_ReceivesEveryCommittedRecord_InCommitOrder_AndKeepsUpWithNewWrites()
    {
        var host = Host(o => o.BatchSize = 2);
        var first = await WriteAsync(host, 5);
        await host.StartAsync();
        await Poll.UntilAsync(() => host.Consumer.Received.Count >= 5, "the first records are delivered");

        var more = await WriteAsync(host, 3);
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Received.Count >= 8, "the new records are delivered after a poll interval");

        host.Consumer.Received.Select(e => e.Record.Id).Should().Equal([.. first, .. more]);
        host.Consumer.Received.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 8).Select(i => (long)i));
        await Poll.UntilAsync(() => host.Metrics["audittrail.consumer.handled"] == 8, "the handled records are counted");
        (await host.CheckpointAsync()).Position.Should().Be(8);
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task CaughtUpHolder_PollsEveryInterval_ButRenewsItsLeaseOnlyEveryThirdOfIt()
    {
        var host = Host();
        await host.StartAsync();
        await Poll.UntilAsync(() => host.Link.LeaseRequests >= 1, "the consumer takes its lease");
        var startedAt = _clock.GetUtcNow();
        var written = new List<Guid>();

        await FeedHost.AdvanceUntilAsync(_clock, () => _clock.GetUtcNow() - startedAt >= TimeSpan.FromSeconds(60), "a minute of polls passes");
        written.AddRange(await WriteAsync(host, 2));
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Received.Count >= 2, "a record written later is delivered at the next poll");

        host.Link.LeaseRequests.Should().BeInRange(6, 9, "60 one-second polls renew a 30-second lease every 10 seconds, not every poll");
        host.Consumer.Received.Select(e => e.Record.Id).Should().Equal(written);
        (await host.CheckpointAsync()).LeaseExpiresAt.Should().BeAfter(_clock.GetUtcNow(), "the lease never lapsed");
    }

    [Fact]
    public async Task Stop_ReleasesTheLease_AndAnotherInstanceResumesAtOnce_FromTheSavedPosition()
    {
        var first = Host();
        var handled = await WriteAsync(first, 3);
        await first.StartAsync();
        await Poll.UntilAsync(() => first.Consumer.Received.Count >= 3, "the first instance delivers");
        await Poll.UntilAsync(() => first.CheckpointAsync().Result.Position == 3, "the position is saved");

        await first.StopAsync();
        var checkpoint = await first.CheckpointAsync();
        var later = await WriteAsync(first, 2);
        var second = Host();
        await second.StartAsync();
        await Poll.UntilAsync(() => second.Consumer.Received.Count >= 2, "the second instance takes over without waiting for the lease to expire");

        checkpoint.LeaseOwner.Should().BeNull("a clean stop releases the lease");
        first.Consumer.Received.Select(e => e.Record.Id).Should().Equal(handled);
        second.Consumer.Received.Select(e => e.Record.Id).Should().Equal(later, "nothing handled before the stop is delivered again");
    }

    [Fact]
    public async Task StopWhileABatchIsHandled_BatchTheHandlerFinishes_IsSaved_AndNotDeliveredAgain()
    {
        var first = Host();
        first.Consumer.HangFrom = 0;
        first.Consumer.FinishesWhenCancelled = true;
        var handled = await WriteAsync(first, 3);
        await first.StartAsync();
        await Poll.UntilAsync(() => first.Consumer.Received.Count >= 3, "the batch is on its way when the host stops");

        var stop = first.StopAsync();
        first.Consumer.Finish();
        await stop;
        var later = await WriteAsync(first, 2);
        var second = Host();
        await second.StartAsync();
        await Poll.UntilAsync(() => second.Consumer.Received.Count >= 2, "the next instance delivers what came after");

        (await second.CheckpointAsync()).Position.Should().BeGreaterThanOrEqualTo(3);
        second.Consumer.Received.Select(e => e.Record.Id).Should().Equal(later, "a batch handled to the end during a clean stop is not delivered again");
        first.Consumer.Received.Select(e => e.Record.Id).Should().Equal(handled);
    }

    [Fact]
    public async Task HolderDiesMidBatch_AnotherInstanceTakesOverAfterTheLease_AndRedeliversTheUnsavedBatch()
    {
        var first = Host();
        first.Consumer.HangFrom = 0;
        var written = await WriteAsync(first, 3);
        await first.StartAsync();
        await Poll.UntilAsync(() => first.Consumer.Received.Count >= 3, "the first instance is handed the batch, then hangs");
        first.Link.Severed = true;
        var diedAt = _clock.GetUtcNow();

        var second = Host();
        await second.StartAsync();
        await FeedHost.AdvanceUntilAsync(_clock, () => second.Consumer.Received.Count >= 3, "the second instance takes over once the lease expires");

        (_clock.GetUtcNow() - diedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30), "the dead holder's lease had to expire first");
        (_clock.GetUtcNow() - diedAt).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(32), "another instance takes over within the lease duration and a poll interval");
        second.Consumer.Received.Select(e => e.Record.Id).Should().Equal(written, "delivery is at least once: the unsaved batch comes again");
        await Poll.UntilAsync(() => second.CheckpointAsync().Result.Position == 3, "the new holder saves the position");
        first.Consumer.Cancelled.Should().Be(1, "the cut-off instance stopped handling when its lease ran out");
        first.Link.Severed = false;
        await first.StopAsync();
        (await second.CheckpointAsync()).LeaseOwner.Should().NotBeNull("the dead holder's late stop does not release the new holder's lease");
    }

    [Fact]
    public async Task BatchHandledForLongerThanTheLease_KeepsTheLease_AndIsNotDeliveredElsewhere()
    {
        var first = Host();
        first.Consumer.HangFrom = 0;
        var written = await WriteAsync(first, 3);
        await first.StartAsync();
        await Poll.UntilAsync(() => first.Consumer.Received.Count >= 3, "the first instance is handed the batch and works on it");
        var second = Host();
        await second.StartAsync();
        var startedAt = _clock.GetUtcNow();

        await FeedHost.AdvanceUntilAsync(_clock, () => _clock.GetUtcNow() - startedAt >= TimeSpan.FromSeconds(95), "three lease durations pass", TimeSpan.FromSeconds(1));
        var checkedAt = _clock.GetUtcNow();
        var holder = await first.CheckpointAsync();
        first.Consumer.Finish();
        await Poll.UntilAsync(() => first.CheckpointAsync().Result.Position == 3, "the slow batch is saved once handled");

        second.Consumer.Received.Should().BeEmpty("the holder renewed its lease while it handled the batch");
        first.Consumer.Cancelled.Should().Be(0);
        holder.LeaseExpiresAt.Should().BeAfter(checkedAt, "the lease was renewed during the batch, long after it was taken");
        first.Consumer.Received.Select(e => e.Record.Id).Should().Equal(written);
    }

    [Fact]
    public async Task LeaseTakenOverMidBatch_CancelsTheHandler_AndDoesNotAdvanceThePosition()
    {
        var first = Host();
        first.Consumer.HangFrom = 0;
        await WriteAsync(first, 3);
        await first.StartAsync();
        await Poll.UntilAsync(() => first.Consumer.Received.Count >= 3, "the first instance is handed the batch and works on it");

        // Another instance whose clock runs a lease duration ahead sees the lease expired and takes it.
        var takenAt = _clock.GetUtcNow();
        var taken = await first.Checkpoints.TryAcquireLeaseAsync(FeedHost.ConsumerName, "other-instance", takenAt + TimeSpan.FromSeconds(31), TimeSpan.FromSeconds(30));
        await FeedHost.AdvanceUntilAsync(_clock, () => first.Consumer.Cancelled == 1, "the next renewal finds the lease taken and cancels the handler");
        var requests = first.Link.LeaseRequests;
        await FeedHost.AdvanceUntilAsync(_clock, () => first.Link.LeaseRequests > requests, "the instance is back to asking for the lease");

        taken.Should().NotBeNull();
        (_clock.GetUtcNow() - takenAt).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(12), "a renewal comes every third of the lease");
        var checkpoint = await first.CheckpointAsync();
        checkpoint.Position.Should().Be(0, "a batch whose lease was lost is not saved: the new holder delivers it again");
        checkpoint.LeaseOwner.Should().Be("other-instance");
        first.Consumer.Received.Should().HaveCount(3, "the instance that lost the lease does not read on");
        first.Metrics["audittrail.consumer.handled"].Should().Be(0);
    }

    [Fact]
    public async Task ThrowingConsumer_WaitsGrowExponentially_WithJitter()
    {
        var host = Host(o => o.RetryMaxDelay = TimeSpan.FromMinutes(10));
        host.Consumer.FailuresLeft = int.MaxValue;
        await WriteAsync(host, 1);
        await host.StartAsync();
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Attempts.Count >= 7, "the consumer is retried six times", TimeSpan.FromMilliseconds(250));

        var attempts = host.Consumer.Attempts.ToArray();
        var sixWaits = attempts[6] - attempts[0];

        // Polly's decorrelated jitter spreads each wait around 1, 2, 4, 8, 16, 32 s; the six add up to 22.9 to 45.7 s
        // (a constant wait would take 6 s, a linear one 21 s, plain doubling 63 s).
        sixWaits.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(22)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(48));
        attempts.Zip(attempts.Skip(1), (a, b) => b - a).Should().OnlyContain(wait => wait > TimeSpan.Zero, "every retry waits");
    }

    [Fact]
    public async Task ThrowingConsumer_DestinationAskedToBeRetriedLater_IsNotRetriedSooner_ThoughLongerThanRetryMaxDelay()
    {
        var host = Host();
        host.Consumer.FailuresLeft = 2;
        host.Consumer.RetryAfter = TimeSpan.FromMinutes(2);
        var written = await WriteAsync(host, 1);
        await host.StartAsync();
        await FeedHost.AdvanceUntilAsync(_clock, () => !host.Consumer.Received.IsEmpty, "the consumer is retried after the waits it was asked for", TimeSpan.FromSeconds(2));

        var attempts = host.Consumer.Attempts.ToArray();
        attempts.Should().HaveCount(3);
        attempts.Zip(attempts.Skip(1), (a, b) => b - a).Should().OnlyContain(
            wait => wait >= TimeSpan.FromMinutes(2) && wait <= TimeSpan.FromSeconds(124),
            "the destination asked for 2 minutes, longer than the backoff's 8 s cap (plus the test's 2 s clock step)");
        host.Consumer.Received.Select(e => e.Record.Id).Should().Equal(written);
    }

    [Fact]
    public async Task ThrowingConsumer_DestinationAskedForLessThanTheBackoff_WaitsTheBackoff()
    {
        var host = Host(o => o.RetryBaseDelay = TimeSpan.FromSeconds(8));
        host.Consumer.FailuresLeft = 1;
        host.Consumer.RetryAfter = TimeSpan.FromSeconds(1);
        await WriteAsync(host, 1);
        await host.StartAsync();
        await FeedHost.AdvanceUntilAsync(_clock, () => !host.Consumer.Received.IsEmpty, "the consumer is retried after its backoff");

        var attempts = host.Consumer.Attempts.ToArray();
        (attempts[1] - attempts[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(8), "a shorter request does not cut the backoff short");
    }

    [Fact]
    public async Task ThrowingConsumer_IsRetriedWithBackoff_ReportedInHealthAndMetrics_WhileWritesGoOn()
    {
        var host = Host();
        host.Consumer.FailuresLeft = int.MaxValue;
        var written = await WriteAsync(host, 2);
        await host.StartAsync();
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Attempts.Count >= 8, "the consumer is retried until its waits reach the cap");

        var logger = host.Services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u1", "Una") });
        var health = await host.HealthAsync();
        host.Metrics.Gauges();
        var lagWhileFailing = host.Metrics["audittrail.consumer.lag"];
        host.Consumer.FailuresLeft = 0;
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Received.Count >= 3, "the consumer recovers and catches up");
        await Poll.UntilAsync(() => host.Metrics["audittrail.consumer.handled"] >= 3, "the runner has saved the handled batch (the handler saw it before it returned)");

        var attempts = host.Consumer.Attempts.ToArray();
        var waits = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToArray();
        waits.Should().OnlyContain(wait => wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(9), "each wait is capped at RetryMaxDelay (8 s, plus the test's 1 s clock step)");
        health.Status.Should().Be(HealthStatus.Degraded);
        health.Entries["audittrail"].Description.Should().Contain("'siem'").And.Contain("The destination is down.");
        host.Metrics["audittrail.consumer.failures"].Should().BeGreaterThanOrEqualTo(4);
        lagWhileFailing.Should().BeGreaterThanOrEqualTo(2, "the records not yet handled are the consumer's lag");
        host.Consumer.Received.Take(2).Select(e => e.Record.Id).Should().Equal(written, "the failed batch is delivered once it succeeds");
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy, "a handled batch clears the failure");
    }

    [Fact]
    public async Task LagTime_IsTheAgeOfTheOldestUnhandledRecord_InTheGaugeAndTheHealthData_AndZeroOnceCaughtUp()
    {
        var host = Host();
        host.Consumer.HangFrom = 0;
        var now = _clock.GetUtcNow();
        await host.Store.WriteAsync(
        [
            Some.Record(now) with { RecordedAt = now - TimeSpan.FromSeconds(90) },
            Some.Record(now) with { RecordedAt = now - TimeSpan.FromSeconds(30) },
        ]);
        await host.StartAsync();
        await Poll.UntilAsync(() => host.Consumer.Received.Count >= 2, "the batch is handed over and the handler works on it (the clock stands still)");

        var behind = await host.HealthAsync();
        host.Metrics.Gauges();
        var gaugeBehind = host.Metrics.DoubleGauge("audittrail.consumer.lag.time");
        var recordsBehind = host.Metrics["audittrail.consumer.lag"];
        host.Consumer.Finish();
        await FeedHost.AdvanceUntilAsync(_clock, () => LagSeconds(host.HealthAsync().Result) == 0.0, "the next poll finds the consumer caught up");
        host.Metrics.Gauges();

        LagSeconds(behind).Should().Be(90.0, "the oldest unhandled record was recorded 90 s before the batch was read");
        gaugeBehind.Should().Be(90.0);
        recordsBehind.Should().Be(2);
        host.Metrics.DoubleGauge("audittrail.consumer.lag.time").Should().Be(0.0, "a caught-up consumer has no lag");
        host.Metrics["audittrail.consumer.lag"].Should().Be(0);
        (await host.CheckpointAsync()).Position.Should().Be(2);
    }

    [Fact]
    public async Task HandlerThatDoesNotReturn_LagGrowsWithTheClock_AndPastMaxLagTheHealthIsDegraded()
    {
        var host = Host(o => o.MaxLag = TimeSpan.FromMinutes(5));
        host.Consumer.HangFrom = 0;
        var now = _clock.GetUtcNow();
        await host.Store.WriteAsync([Some.Record(now) with { RecordedAt = now }]);
        await host.StartAsync();
        await Poll.UntilAsync(() => !host.Consumer.Received.IsEmpty, "the batch is handed over and the handler does not return");
        var fresh = await host.HealthAsync();

        _clock.Advance(TimeSpan.FromMinutes(10));
        var stuck = await host.HealthAsync();
        host.Metrics.Gauges();

        fresh.Status.Should().Be(HealthStatus.Healthy, "the record was just recorded");
        LagSeconds(stuck).Should().Be(600.0, "no batch was read meanwhile, yet the record waits ten minutes");
        host.Metrics.DoubleGauge("audittrail.consumer.lag.time").Should().Be(600.0);
        stuck.Status.Should().Be(HealthStatus.Degraded);
        stuck.Entries["audittrail"].Description.Should().Contain("'siem' is 00:10:00 behind (more than its MaxLag of 00:05:00)");
        host.Consumer.Finish();
    }

    [Fact]
    public async Task ThrowingConsumerBesideAHealthyOne_TheHealthyOneReceivesEveryRecordInOrder_WhileTheOtherKeepsFailing()
    {
        var failing = new RecordingConsumer(_clock) { FailuresLeft = int.MaxValue };
        var host = new FeedHost(_database, _clock, o => o.BatchSize = 2, consumers: builder => builder.AddConsumerFactory("failing", _ => failing, o =>
        {
            o.PollInterval = TimeSpan.FromSeconds(1);
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.RetryMaxDelay = TimeSpan.FromSeconds(8);
        }));
        _hosts.Add(host);
        var first = await WriteAsync(host, 5);
        await host.StartAsync();
        await Poll.UntilAsync(() => host.Consumer.Received.Count >= 5, "the healthy consumer delivers the first records");

        var more = await WriteAsync(host, 3);
        await FeedHost.AdvanceUntilAsync(_clock, () => host.Consumer.Received.Count >= 8 && failing.Attempts.Count >= 5, "the healthy consumer keeps up while the other is retried");
        await Poll.UntilAsync(() => host.Metrics["audittrail.consumer.handled"] == 8, "the healthy consumer's records are counted");
        var health = await host.HealthAsync();
        var checkpoints = await host.Checkpoints.GetCheckpointsAsync();

        host.Consumer.Received.Select(e => e.Record.Id).Should().Equal([.. first, .. more], "each record once, in commit order");
        host.Consumer.Received.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 8).Select(i => (long)i));
        failing.Received.Should().BeEmpty("every call of the other consumer throws");
        checkpoints.Single(c => c.Name == FeedHost.ConsumerName).Position.Should().Be(8);
        checkpoints.Single(c => c.Name == "failing").Position.Should().Be(0, "a failed batch is not saved");
        host.Metrics["audittrail.consumer.failures"].Should().BeGreaterThanOrEqualTo(4);
        health.Status.Should().Be(HealthStatus.Degraded);
        health.Entries["audittrail"].Description.Should().Contain("'failing' is failing").And.NotContain("'siem'")
            .And.EndWith("in a row): The destination is down.", "the failure's own closing period ends the description, not a second one");
    }

    private FeedHost Host(Action<AuditConsumerOptions>? configure = null)
    {
        var host = new FeedHost(_database, _clock, configure);
        _hosts.Add(host);
        return host;
    }

    private static double LagSeconds(HealthReport report) =>
        (double)report.Entries["audittrail"].Data[$"consumer.{FeedHost.ConsumerName}.lag_seconds"];

    private static async Task<Guid[]> WriteAsync(FeedHost host, int count)
    {
        var records = Some.Records(count, i => Some.Time(i));
        await host.Store.WriteAsync(records);
        return [.. records.Select(r => r.Id)];
    }
}
