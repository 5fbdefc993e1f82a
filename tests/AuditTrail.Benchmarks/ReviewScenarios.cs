using System.Diagnostics;
using System.Globalization;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The review of issue 21 on SQLite: one week reviewed over the populated store (target at most 2 s at 1 M rows),
/// with the default detectors and with a maintenance window (every change read), the window over a trail where every
/// change is an episode of its own, and the continuous detectors as the
/// review-alerts feed consumer over a trail with logins, bursts and changes (target at least 5 000 events/s).
/// </summary>
internal sealed class ReviewScenarios(Settings settings, Report report, Func<Task<string>> populated)
{
    private const string Scenario = "review";

    public async Task RunAsync()
    {
        await ReviewWeekAsync();
        await ReviewOwnEpisodesAsync();
        await ContinuousAsync();
    }

    /// <summary>
    /// The maintenance-window review of a trail where every change is an episode of its own (each by an actor of its
    /// own): as many findings as changes, the case that once took 56 s and 777 MiB at 600 000 rows.
    /// </summary>
    private async Task ReviewOwnEpisodesAsync()
    {
        var rows = settings.Quick ? 20_000 : Math.Min(settings.Rows, 600_000);
        var path = Path.Combine(settings.Directory, "review-own-episodes-" + rows.ToString(CultureInfo.InvariantCulture) + ".db");
        if (!File.Exists(path))
        {
            await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path, Synchronous = SqliteSynchronousMode.Normal, IndexSearchInBackground = false });
            for (var start = 0; start < rows; start += 1000)
            {
                await store.WriteAsync([.. Enumerable.Range(start, Math.Min(1000, rows - start)).Select(OwnEpisodeRecord)]);
            }
        }

        var end = Data.Start.AddSeconds(rows);
        var from = end.AddDays(-7) > Data.Start ? end.AddDays(-7) : Data.Start;
        using var host = await StartAsync(path, alerts: null, window: true);
        var review = host.Services.GetRequiredService<IAuditReview>();
        var admin = AuditViewer.Admin("u-john");
        await review.ReviewAsync(admin, from, end);
        var times = new List<double>();
        var allocated = new List<long>();
        AuditReviewReport? last = null;
        for (var i = 0; i < (settings.Quick ? 2 : 3); i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            last = await review.ReviewAsync(admin, from, end);
            times.Add(clock.Elapsed.TotalSeconds);
            allocated.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        await host.StopAsync();
        var metric = string.Create(CultureInfo.InvariantCulture, $"review {(end - from).TotalDays:0.##} day(s) of a {rows}-row store where every change is an episode of its own, with a maintenance window ({last!.Findings.Count} findings)");
        report.Add(new(Scenario, metric, times.Min(), "s"));
        report.Add(new(Scenario, metric + ", allocated", allocated.Min() / 1048576.0, "MiB"));
    }

    /// <summary>Record i of <see cref="Data.Record"/>, its creates, updates and deletes each by an actor of its own.</summary>
    private static AuditRecord OwnEpisodeRecord(int i)
    {
        var record = Data.Record(i);
        return record.ActionType is AuditActionType.Create or AuditActionType.Update or AuditActionType.Delete
            ? record with { Actor = AuditActor.User("x-" + i.ToString(CultureInfo.InvariantCulture), "Actor " + i.ToString(CultureInfo.InvariantCulture)) }
            : record;
    }

    private async Task ReviewWeekAsync()
    {
        var path = await populated();
        var end = Data.Start.AddSeconds(settings.Rows);
        var from = end.AddDays(-7) > Data.Start ? end.AddDays(-7) : Data.Start;
        var days = (end - from).TotalDays;
        foreach (var (name, window) in new[] { ("default detectors", false), ("with a maintenance window", true) })
        {
            using var host = await StartAsync(path, alerts: null, window);
            var review = host.Services.GetRequiredService<IAuditReview>();
            var admin = AuditViewer.Admin("u-john");
            await review.ReviewAsync(admin, from, end);
            var times = new List<double>();
            AuditReviewReport? last = null;
            for (var i = 0; i < (settings.Quick ? 2 : 3); i++)
            {
                var clock = Stopwatch.StartNew();
                last = await review.ReviewAsync(admin, from, end);
                times.Add(clock.Elapsed.TotalSeconds);
            }

            await host.StopAsync();
            var metric = string.Create(CultureInfo.InvariantCulture, $"review {days:0.##} day(s) of a {settings.Rows}-row store, {name} ({last!.Findings.Count} findings; target <= 2 s at 1 M rows)");
            report.Add(new(Scenario, metric, times.Min(), "s"));
        }
    }

    /// <summary>The review-alerts consumer handles a trail written beforehand, from position 0, 5 000 records a batch.</summary>
    private async Task ContinuousAsync()
    {
        var count = settings.Quick ? 2000 : Math.Max(settings.Events, 50_000);
        var path = Path.Combine(settings.Directory, "review-feed-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            await using (var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path, Synchronous = SqliteSynchronousMode.Normal }))
            {
                for (var start = 0; start < count; start += 1000)
                {
                    await store.WriteAsync([.. Enumerable.Range(start, Math.Min(1000, count - start)).Select(ReviewRecord)]);
                }
            }

            var sink = new CountingSink();
            var clock = Stopwatch.StartNew();
            using var host = await StartAsync(path, sink, window: true);
            var checkpoints = (IAuditConsumerCheckpoints)host.Services.GetRequiredService<IAuditStore>();
            // One reading a round: the consumer's checkpoint appears when it takes its lease, so two readings could see it
            // missing and then present at position 0, and end the wait before anything was handled.
            while ((await checkpoints.GetCheckpointsAsync()).SingleOrDefault(c => c.Name == AuditReviewBuilderExtensions.AlertsConsumerName) is not { } alerts
                || alerts.Position < count)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new InvalidOperationException("the review-alerts consumer did not catch up within 10 minutes");
                }

                await Task.Delay(20);
            }

            var elapsed = clock.Elapsed;
            await host.StopAsync();
            if (sink.Count == 0)
            {
                throw new InvalidOperationException("the continuous review found none of the bursts written into the trail");
            }

            report.Add(new(Scenario, $"continuous detectors (review-alerts consumer, {count} ev, {sink.Count} alerts; target >= 5000/s)", count / elapsed.TotalSeconds, "events/s"));
        }
        finally
        {
            // A new store each run (the consumer must start from position 0): with --dir it would otherwise stay.
            DeleteStore(path);
        }
    }

    /// <summary>Deletes a store's files (the database, its search and write-ahead files) and its default spool folder.</summary>
    private static void DeleteStore(string path)
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"))
        {
            File.Delete(file);
        }

        if (Directory.Exists(path + ".spool"))
        {
            Directory.Delete(path + ".spool", recursive: true);
        }
    }

    /// <summary>Record i of the continuous trail: the usual mix, one in four a login, and a burst of failures every 5 000.</summary>
    private static AuditRecord ReviewRecord(int i)
    {
        var record = Data.Record(i);
        if (i % 5000 < 12)
        {
            return record with
            {
                Actor = AuditActor.Anonymous,
                Action = AuditActions.LoginFailed,
                ActionType = AuditActionType.Authentication,
                Outcome = AuditOutcome.Failure,
                Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["attempted_user"] = "sarah" },
                Changes = [],
            };
        }

        return i % 4 == 0
            ? record with { Action = AuditActions.LoginSucceeded, ActionType = AuditActionType.Authentication, Outcome = AuditOutcome.Success, Changes = [] }
            : record;
    }

    private static async Task<IHost> StartAsync(string path, CountingSink? alerts, bool window)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        var audit = builder.Services.AddAuditTrail(o => o.RecordLifecycleEvents = false).UseSqlite(path).AddReview(o =>
        {
            // The trail is a synthetic history: every episode in it is alerted, whatever its age.
            o.MaxAlertAge = null;
            if (window)
            {
                o.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(6)));
            }
        });
        if (alerts is not null)
        {
            builder.Services.AddSingleton<IAuditAlertSink>(alerts);
            audit.AddReviewAlerts(o => (o.BatchSize, o.PollInterval) = (5000, TimeSpan.FromMilliseconds(100)));
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private sealed class CountingSink : IAuditAlertSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
