using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditTrail.Tests.Delivery;

/// <summary>The health check and the AuditTrail meter follow what the pipeline does with each event.</summary>
public sealed class DeliveryHealthAndMetricsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static AuditEvent Routine(int i = 0) => new() { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" };

    private static AuditEvent RoleChange() => new() { Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security };

    private static ServiceProvider Create(FakeAuditStore store, Action<AuditTrailOptions> configure) =>
        TestHost.Create(store, configure, services: s => s.AddHealthChecks().AddAuditTrail());

    private static async Task<HealthReportEntry> HealthAsync(IServiceProvider services) =>
        (await services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["audittrail"];

    [Fact]
    public async Task Health_IsHealthy_ThenDegradedWhileSpooling_ThenHealthyOnceReplayed()
    {
        var store = new FakeAuditStore();
        await using var services = Create(store, o =>
        {
            o.MaxWriteAttempts = 1;
            o.Spool.Directory = _directory.Combine("spool");
            o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(20);
        });
        var logger = services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(Routine(1));
        (await HealthAsync(services)).Status.Should().Be(HealthStatus.Healthy);

        store.FailWith = new TimeoutException("connection refused");
        await logger.LogAsync(Routine(2));

        var degraded = await HealthAsync(services);
        degraded.Status.Should().Be(HealthStatus.Degraded);
        degraded.Description.Should().Be("1 audit event(s) are spooled, waiting for the store.");
        degraded.Data.Should().Contain("spooled", 1L).And.Contain("store_error", "connection refused");

        store.FailWith = null;
        await Poll.UntilAsync(() => store.Stored.Count == 2, "the replay interval brings the spooled event back without a new event");

        // The spool counts the event replayed once the store's write has returned, a moment after the row is stored.
        await Poll.UntilAsync(() => services.GetRequiredService<AuditWriteQueue>().Spooled == 0, "the replay is counted");
        (await HealthAsync(services)).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Health_IsUnhealthy_WhenTheSpoolCannotBeWritten_AndTheCallerIsToldWhy()
    {
        var blocker = _directory.Combine("not-a-directory");
        var store = new FakeAuditStore { FailWith = new TimeoutException("connection refused") };
        await using var services = Create(store, o =>
        {
            o.MaxWriteAttempts = 1;
            o.Spool.Directory = Path.Combine(blocker, "spool");
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        // The options were checked (and the directory made) as the logger was resolved; it breaks afterwards.
        Directory.Delete(blocker, recursive: true);
        await File.WriteAllTextAsync(blocker, "a file where the spool's parent directory should be");

        var act = () => logger.LogAsync(Routine());

        await act.Should().ThrowAsync<AuditWriteException>().WithMessage("*connection refused*the spool*cannot be written*");
        var health = await HealthAsync(services);
        health.Status.Should().Be(HealthStatus.Unhealthy);
        health.Description.Should().StartWith("The audit spool cannot be written");
    }

    [Fact]
    public async Task Health_AfterTheSpoolFailed_IsHealthyAgainOnceTheStoreTakesEventsWithNothingSpooled()
    {
        var blocker = _directory.Combine("not-a-directory");
        var store = new FakeAuditStore();
        await using var services = Create(store, o =>
        {
            o.MaxWriteAttempts = 1;
            o.Spool.Directory = Path.Combine(blocker, "spool");
        });
        var logger = services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(Routine(1));

        // The spool is open; then its directory goes (as a disk fills up) while the store is down.
        Directory.Delete(blocker, recursive: true);
        await File.WriteAllTextAsync(blocker, "a file where the spool's parent directory should be");
        store.FailWith = new TimeoutException("connection refused");
        await FluentActions.Awaiting(() => logger.LogAsync(Routine(2))).Should().ThrowAsync<AuditWriteException>();
        (await HealthAsync(services)).Status.Should().Be(HealthStatus.Unhealthy);

        store.FailWith = null;
        await logger.LogAsync(Routine(3));

        var health = await HealthAsync(services);
        health.Status.Should().Be(HealthStatus.Healthy, "events reach the store again and no event waits for the spool: its earlier failure is over");
        store.Stored.Select(r => r.Description).Should().Equal("#1", "#3");
    }

    [Fact]
    public async Task Health_IsUnhealthy_WhenTheStoreFailsWithoutASpool()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("connection refused") };
        await using var services = Create(store, o => o.MaxWriteAttempts = 1);

        await FluentActions.Awaiting(() => services.GetRequiredService<IAuditLogger>().LogAsync(RoleChange()))
            .Should().ThrowAsync<AuditWriteException>();

        var health = await HealthAsync(services);
        health.Status.Should().Be(HealthStatus.Unhealthy);
        health.Description.Should().Be("The audit store is failing and there is no spool: connection refused");
    }

    [Fact]
    public async Task Metrics_CountEveryEventOnce_AndEnqueuedEqualsCommittedPlusSpooledPlusFailed()
    {
        var store = new FakeAuditStore();
        await using var services = Create(store, o =>
        {
            o.MaxWriteAttempts = 2;
            o.Spool.Directory = _directory.Combine("spool");
        });
        using var metrics = new AuditMetricsRecorder(services);
        var logger = services.GetRequiredService<IAuditLogger>();

        await logger.LogAsync(Routine(1));
        store.TransientFailures = 1;
        await logger.LogAsync(Routine(2));
        store.FailWith = new TimeoutException("down");
        await logger.LogAsync(Routine(3));
        await logger.LogAsync(Routine(4));
        await FluentActions.Awaiting(() => logger.LogAsync(RoleChange())).Should().ThrowAsync<AuditWriteException>();
        metrics.Gauges().SpoolDepth.Should().Be(2);
        store.FailWith = null;
        await logger.LogAsync(Routine(5));

        (metrics.Enqueued, metrics.Committed, metrics.Spooled, metrics.Failed, metrics.Replayed)
            .Should().Be((6L, 3L, 2L, 1L, 2L));
        metrics.Enqueued.Should().Be(metrics.Committed + metrics.Spooled + metrics.Failed);
        metrics.Retried.Should().Be(4, "one retry of the transient failure, then one per failed batch of the outage (3 batches)");
        metrics.Gauges().Should().Be((0L, 0L));
        store.Stored.Should().HaveCount(5);
    }
}
