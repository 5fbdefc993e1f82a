using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>
/// One application instance for the feed tests: the audit trail over its own store on the shared database file, the
/// consumer "siem" (a <see cref="RecordingConsumer"/>), the health check and the fake clock shared by every instance.
/// </summary>
public sealed class FeedHost : IAsyncDisposable
{
    public const string ConsumerName = "siem";

    private readonly ServiceProvider _services;
    private bool _started;

    /// <param name="consumers">Registers further consumers beside "siem".</param>
    public FeedHost(
        TemporaryDatabase database,
        FakeTimeProvider clock,
        Action<AuditConsumerOptions>? configure = null,
        Action<AuditTrailOptions>? trail = null,
        Action<IAuditTrailBuilder>? consumers = null)
    {
        Consumer = new RecordingConsumer(clock);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Consumer);
        services.AddHealthChecks().AddAuditTrail();
        var builder = services.AddAuditTrail(o =>
            {
                o.WriteRetryDelay = TimeSpan.Zero;
                trail?.Invoke(o);
            })
            .UseStore(_ => database.CreateStore())
            .AddConsumer<RecordingConsumer>(ConsumerName, o =>
            {
                o.PollInterval = TimeSpan.FromSeconds(1);
                o.LeaseDuration = TimeSpan.FromSeconds(30);
                o.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.RetryMaxDelay = TimeSpan.FromSeconds(8);
                configure?.Invoke(o);
            });
        consumers?.Invoke(builder);
        services.AddSingleton<IAuditConsumerCheckpoints>(sp => new SeverableCheckpoints((IAuditConsumerCheckpoints)sp.GetRequiredService<IAuditStore>()));
        _services = services.BuildServiceProvider();
        Metrics = new AuditMetricsRecorder(_services);
    }

    public RecordingConsumer Consumer { get; }

    public AuditMetricsRecorder Metrics { get; }

    public IServiceProvider Services => _services;

    public IAuditStore Store => _services.GetRequiredService<IAuditStore>();

    public IAuditConsumerCheckpoints Checkpoints => (IAuditConsumerCheckpoints)Store;

    /// <summary>This instance's way to the positions; sever it to cut the instance off from the store.</summary>
    public SeverableCheckpoints Link => (SeverableCheckpoints)_services.GetRequiredService<IAuditConsumerCheckpoints>();

    public async Task<AuditConsumerCheckpoint> CheckpointAsync() => (await Checkpoints.GetCheckpointsAsync()).Single(c => c.Name == ConsumerName);

    public async Task<HealthReport> HealthAsync() => await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async Task StartAsync()
    {
        _started = true;
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }

    public async Task StopAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        foreach (var service in _services.GetServices<IHostedService>().Reverse())
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Metrics.Dispose();
        await _services.DisposeAsync();
    }

    /// <summary>Moves the fake clock on by <paramref name="step"/> at a time until <paramref name="condition"/> holds (bounded by real time).</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> condition, string because, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting until " + because);
            }

            clock.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }
    }
}
