using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Review;

/// <summary>
/// The continuous review as a real feed consumer over a SQLite file, across a restart of the application: a burst that
/// goes on after the restart alerts once, is recorded once as review.finding, and has the id a review gives it.
/// </summary>
public sealed class ReviewAlertsEndToEndTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ABurstThatGoesOnAcrossARestart_AlertsOnce_AndIsRecordedOnce()
    {
        var before = new Sink();
        await using (var first = Build(before))
        {
            await StartAsync(first);
            await FailAsync(first, 10);
            await FeedHost.AdvanceUntilAsync(_clock, () => before.Alerts.Count > 0 && Position(first) >= 11, "the burst alerts and its finding is handled");
            await StopAsync(first);
        }

        var after = new Sink();
        await using var second = Build(after);
        await StartAsync(second);
        await FailAsync(second, 5);
        await FeedHost.AdvanceUntilAsync(_clock, () => Position(second) >= 16, "the records after the restart are handled");

        var alert = before.Alerts.Should().ContainSingle().Which;
        alert.Detector.Should().Be(AuditDetectors.BruteForce);
        after.Alerts.Should().BeEmpty();

        var store = second.GetRequiredService<IAuditStore>();
        var recorded = await store.StreamAsync(AuditFilter.All with { Actions = [AuditActions.ReviewFinding] }).ToListAsync();
        recorded.Should().ContainSingle().Which.Metadata["finding_id"].Should().Be(alert.Id);

        var report = await second.GetRequiredService<IAuditReview>().ReviewAsync(AuditViewer.Admin("u-admin"), _clock.GetUtcNow().AddHours(-1), _clock.GetUtcNow().AddMinutes(1));
        report.Findings.Should().ContainSingle().Which.Should().Match<AuditFinding>(f => f.Id == alert.Id && f.EvidenceIds.Count == 15);
    }

    [Fact]
    public async Task ASinkDownUntilARestart_GetsTheFindingAfterIt_ThoughFindingsAreRecordedAsEventsFirst()
    {
        var down = new Sink { Failing = true };
        await using (var first = Build(down, eventsFirst: true))
        {
            await StartAsync(first);
            await FailAsync(first, 10);
            await FeedHost.AdvanceUntilAsync(_clock, () => down.Attempts > 0, "the finding was offered to the sink that is down");
            await StopAsync(first);
        }

        var back = new Sink();
        await using var second = Build(back, eventsFirst: true);
        await StartAsync(second);
        await FeedHost.AdvanceUntilAsync(_clock, () => Position(second) >= 10 && back.Alerts.Count > 0, "the batch is handled again after the restart");

        back.Alerts.Should().ContainSingle().Which.Detector.Should().Be(AuditDetectors.BruteForce);
        var store = second.GetRequiredService<IAuditStore>();
        var recorded = await store.StreamAsync(AuditFilter.All with { Actions = [AuditActions.ReviewFinding] }).ToListAsync();
        recorded.Should().ContainSingle().Which.Metadata["finding_id"].Should().Be(back.Alerts[0].Id);
    }

    private ServiceProvider Build(Sink sink, bool eventsFirst = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        var trail = services.AddAuditTrail(o =>
            {
                o.WriteRetryDelay = TimeSpan.Zero;
                o.RecordLifecycleEvents = false;
            })
            .UseStore(_ => _database.CreateStore());
        if (eventsFirst)
        {
            trail.AddReviewFindingsAsEvents();
        }

        services.AddSingleton<IAuditAlertSink>(sink);
        trail.AddReviewAlerts(o => o.BatchSize = 4);
        if (!eventsFirst)
        {
            trail.AddReviewFindingsAsEvents();
        }

        return services.BuildServiceProvider();
    }

    private async Task FailAsync(IServiceProvider services, int count)
    {
        var logger = services.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < count; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(20));
            await logger.LogAsync(new AuditEvent
            {
                Action = AuditActions.LoginFailed,
                ActionType = AuditActionType.Authentication,
                Actor = AuditActor.Anonymous,
                Outcome = AuditOutcome.Failure,
                FailureReason = "invalid password",
                SourceIp = "203.0.113.7",
                Metadata = new Dictionary<string, string> { ["attempted_user"] = "sarah" },
            });
        }
    }

    private static long Position(IServiceProvider services) =>
        ((IAuditConsumerCheckpoints)services.GetRequiredService<IAuditStore>()).GetCheckpointsAsync().GetAwaiter().GetResult()
            .SingleOrDefault(c => c.Name == AuditReviewBuilderExtensions.AlertsConsumerName)?.Position ?? 0;

    private static async Task StartAsync(IServiceProvider services)
    {
        foreach (var service in services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    private static async Task StopAsync(IServiceProvider services)
    {
        foreach (var service in services.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private sealed class Sink : IAuditAlertSink
    {
        private readonly List<AuditFinding> _alerts = [];

        private int _attempts;

        public IReadOnlyList<AuditFinding> Alerts
        {
            get
            {
                lock (_alerts)
                {
                    return [.. _alerts];
                }
            }
        }

        public bool Failing { get; init; }

        public int Attempts => Volatile.Read(ref _attempts);

        public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _attempts);
            if (Failing)
            {
                throw new HttpRequestException("the alert destination is down");
            }

            lock (_alerts)
            {
                _alerts.Add(finding);
            }

            return Task.CompletedTask;
        }
    }
}
