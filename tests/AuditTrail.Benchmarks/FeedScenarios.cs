using System.Collections.Concurrent;
using System.Diagnostics;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The feed of issue 20 on SQLite: reading it from the populated store through a registered consumer, and, end to end,
/// the time from LogAsync to the consumer's HandleAsync while writers log at a steady rate, with the writers' rate
/// against the same run without a consumer.
/// </summary>
internal sealed class FeedScenarios(Settings settings, Report report, Func<Task<string>> populated)
{
    private const string Scenario = "feed";

    /// <summary>How often an idle consumer looks for new records: the default of <see cref="AuditConsumerOptions.PollInterval"/>.</summary>
    private static readonly TimeSpan PollInterval = new AuditConsumerOptions().PollInterval;

    public async Task RunAsync()
    {
        await ReadAsync();
        await EndToEndAsync();
    }

    /// <summary>A consumer reads the whole populated store from position 0, 5 000 records a batch.</summary>
    private async Task ReadAsync()
    {
        var path = await populated();
        long head;
        await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path }))
        {
            head = (await store.GetHeadAsync())?.Sequence ?? 0;
        }

        var consumer = new CountingConsumer(head);
        var clock = Stopwatch.StartNew();
        using var host = await StartAsync(path, consumer, "bench-read-" + Guid.NewGuid().ToString("N")[..8], batchSize: 5000);
        await consumer.Done.WaitAsync(TimeSpan.FromMinutes(10));
        var elapsed = clock.Elapsed;
        await host.StopAsync();
        report.Add(new(Scenario, $"read the feed from a {head}-row store (consumer, 5 000 a batch)", head / elapsed.TotalSeconds, "records/s"));
    }

    /// <summary>Writers at a steady rate (durable, 64 callers) with a consumer, then the same without one.</summary>
    private async Task EndToEndAsync()
    {
        const double rate = 5000;
        var count = settings.Quick ? 2000 : Math.Min(settings.Events, 50_000);
        var events = Enumerable.Range(0, count).Select(Data.Event).ToArray();

        var consumer = new LatencyConsumer(count);
        var withConsumer = await PacedAsync(events, rate, consumer);
        var without = await PacedAsync<LatencyConsumer>(events, rate, consumer: null);

        var latencies = consumer.Latencies.Order().ToArray();
        report.Add(new(Scenario, $"writers at {rate:0} events/s target, durable, 64 callers, no consumer ({count} ev)", without, "events/s"));
        report.Add(new(Scenario, $"  the same with a consumer ({withConsumer / without:0.00} x the run without)", withConsumer, "events/s"));
        report.Add(new(Scenario, $"  LogAsync to HandleAsync, p50 (poll interval {PollInterval.TotalMilliseconds:0} ms)", latencies[latencies.Length / 2].TotalMilliseconds, "ms"));
        report.Add(new(Scenario, "  LogAsync to HandleAsync, p95", latencies[(int)(latencies.Length * 0.95)].TotalMilliseconds, "ms"));
    }

    /// <summary>Logs the events from 64 callers, event i not before i / rate seconds after the start; returns events/s.</summary>
    private async Task<double> PacedAsync<TConsumer>(AuditEvent[] events, double rate, TConsumer? consumer)
        where TConsumer : class, IAuditConsumer
    {
        var path = Path.Combine(settings.Directory, "feed-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        using var host = await StartAsync(path, consumer, "bench-e2e", batchSize: 500);
        var logger = host.Services.GetRequiredService<IAuditLogger>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Length)
            {
                var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                await logger.LogAsync(events[i]);
            }
        })));
        var elapsed = clock.Elapsed;
        if (consumer is LatencyConsumer latency)
        {
            await latency.Done.WaitAsync(TimeSpan.FromMinutes(5));
        }

        await host.StopAsync();
        return events.Length / elapsed.TotalSeconds;
    }

    /// <summary>A host on <paramref name="path"/>; with <paramref name="consumer"/>, that instance is the consumer <paramref name="name"/>.</summary>
    private static async Task<IHost> StartAsync<TConsumer>(string path, TConsumer? consumer, string name, int batchSize)
        where TConsumer : class, IAuditConsumer
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        var audit = builder.Services.AddAuditTrail(o => o.RecordLifecycleEvents = false).UseSqlite(path);
        if (consumer is not null)
        {
            builder.Services.AddSingleton(consumer);
            audit.AddConsumer<TConsumer>(name, o => (o.BatchSize, o.PollInterval) = (batchSize, PollInterval));
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Counts records until it has seen <paramref name="expected"/>.</summary>
    private sealed class CountingConsumer(long expected) : IAuditConsumer
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _seen;

        public Task Done => _done.Task;

        public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Add(ref _seen, batch.Count) >= expected)
            {
                _done.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Keeps, for each record, the time from its RecordedAt (stamped in LogAsync, before the commit) to its handling.</summary>
    private sealed class LatencyConsumer(int expected) : IAuditConsumer
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<TimeSpan> Latencies { get; } = [];

        public Task Done => _done.Task;

        public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var entry in batch)
            {
                Latencies.Add(now - entry.Record.RecordedAt);
            }

            if (Latencies.Count >= expected)
            {
                _done.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}
