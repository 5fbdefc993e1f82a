using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Tests.Delivery;

/// <summary>The host's start and stop are recorded (PCI DSS 10.2.1.6), and nothing is accepted after the stop.</summary>
public sealed class LifecycleTests
{
    private static IHost Build(FakeAuditStore store, Action<AuditTrailOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.Zero;
            configure?.Invoke(o);

            // No directory means no spool here, not the default one under the home directory.
            o.Spool.Disabled |= o.Spool.Directory is null;
        }).UseStore(_ => store).UseFileSpool();
        return builder.Build();
    }

    [Fact]
    public async Task HostStartAndStop_AreRecordedAsSystemSecurityEvents_FirstAndLast()
    {
        var store = new FakeAuditStore();
        using var host = Build(store);

        await host.StartAsync();
        var started = store.Stored.Should().ContainSingle("the start is committed before StartAsync returns").Subject;
        await host.Services.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create });
        await host.StopAsync();

        store.Stored.Select(r => r.Action).Should().Equal(AuditActions.AuditStarted, "server.created", AuditActions.AuditStopped);
        started.Actor.Should().Be(AuditActor.System);
        started.ActionType.Should().Be(AuditActionType.Security);
        started.Description.Should().Be("Audit logging started");
        started.Metadata.Should().ContainKeys("delivery_mode", "host", "process_id", "spool");
        store.Stored[^1].Actor.Should().Be(AuditActor.System);
    }

    [Fact]
    public async Task HostThatFailsToStart_RecordsNoStartAndNoStop()
    {
        var store = new FakeAuditStore();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.Zero;
            o.Spool.Disabled = true;
        }).UseStore(_ => store).UseFileSpool();
        builder.Services.AddHostedService<FailingToStart>();
        using var host = builder.Build();

        var start = () => host.StartAsync();

        await start.Should().ThrowAsync<InvalidOperationException>().WithMessage("the host's own service failed");
        await host.StopAsync();
        store.Stored.Should().BeEmpty("a host that never started must not say in its trail that audit logging started");
    }

    private sealed class FailingToStart : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("the host's own service failed");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task HostStop_ServiceRegisteredBeforeAuditTrailLogsWhileStopping_IsRecordedBeforeTheStop()
    {
        var store = new FakeAuditStore();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHostedService<LogsWhileStopping>();
        builder.Services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.Zero;
            o.Spool.Disabled = true;
        }).UseStore(_ => store).UseFileSpool();
        using var host = builder.Build();
        await host.StartAsync();

        await host.StopAsync();

        host.Services.GetServices<IHostedService>().OfType<LogsWhileStopping>().Single().Failure.Should().BeNull(
            "a hosted service stops after the audit trail's only when it was registered before it, and the host is still stopping");
        store.Stored.Select(r => r.Action).Should().Equal(AuditActions.AuditStarted, "job.stopped", AuditActions.AuditStopped);
    }

    private sealed class LogsWhileStopping(IAuditLogger audit) : IHostedService
    {
        public Exception? Failure { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                await audit.LogAsync(new AuditEvent { Action = "job.stopped", ActionType = AuditActionType.Update }, cancellationToken);
            }
            catch (Exception e)
            {
                Failure = e;
            }
        }
    }

    [Fact]
    public async Task LogAsync_AfterHostStop_ThrowsObjectDisposedException()
    {
        var store = new FakeAuditStore();
        using var host = Build(store);
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<IAuditLogger>();
        await host.StopAsync();

        var act = () => logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create });

        await act.Should().ThrowAsync<ObjectDisposedException>().WithMessage("*shut down*not recorded*");
    }

    [Fact]
    public async Task LifecycleEvents_CanBeTurnedOff()
    {
        var store = new FakeAuditStore();
        using var host = Build(store, o => o.RecordLifecycleEvents = false);

        await host.StartAsync();
        await host.StopAsync();

        store.Stored.Should().BeEmpty();
    }

    [Fact]
    public async Task HostStop_TimeoutPasses_FailClosedCallerGetsAnException_FailOpenEventsAreSpooled()
    {
        using var spool = new TemporaryDirectory();
        var store = new FakeAuditStore();
        using var host = Build(store, o => o.Spool.Directory = spool.Path);
        await host.StartAsync();
        var gate = new TaskCompletionSource();
        store.Gate = gate.Task;
        var logger = host.Services.GetRequiredService<IAuditLogger>();
        var security = logger.LogAsync(new AuditEvent { Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security });
        var routine = logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create });
        await Poll.UntilAsync(() => store.WriteCalls >= 2, "the writer is held in the stalled store");

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await host.StopAsync(timeout.Token);

        await FluentActions.Awaiting(() => security).Should().ThrowAsync<AuditWriteException>().WithMessage("*shut down before the event could be committed*");
        var routineId = await routine;
        var replayed = new FakeAuditStore();
        using var next = Build(replayed, o => o.Spool.Directory = spool.Path);
        await next.StartAsync();
        replayed.Stored.Select(r => r.Action).Should().Equal(["server.created", AuditActions.AuditStopped, AuditActions.AuditStarted], "what the last run spooled comes first, in order");
        replayed.Stored[0].Id.Should().Be(routineId);
        await next.StopAsync();
    }
}
