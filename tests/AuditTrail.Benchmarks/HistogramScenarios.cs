using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The activity chart's histogram of issue 23 on SQLite (<see cref="IAuditHistogram"/> over the populated store): the
/// whole range without a filter, an action type, a user, the last 24 hours and a non-admin viewer, each median and p95
/// (target at most 50 ms at 1 M rows).
/// </summary>
internal sealed class HistogramScenarios(Settings settings, Report report, Func<Task<string>> populated)
{
    private const string Scenario = "histogram";

    public async Task RunAsync()
    {
        var path = await populated();
        using var host = await StartAsync(path);
        var histograms = host.Services.GetRequiredService<IAuditHistogram>();
        var admin = AuditViewer.Admin("u-john");
        var end = Data.Start.AddSeconds(settings.Rows);
        var repeats = settings.Quick ? 5 : 30;

        var cases = new (string Name, AuditViewer Viewer, AuditQuery Query)[]
        {
            ("whole range, no filter", admin, new AuditQuery { To = end }),
            ("whole range, action type", admin, new AuditQuery { To = end, ActionTypes = [AuditActionType.Security] }),
            ("whole range, user (ActorIds)", admin, new AuditQuery { To = end, ActorIds = ["u-mike"] }),
            ("last 24 h", admin, new AuditQuery { From = end.AddHours(-24), To = end }),
            ("non-admin viewer (own actions), whole range", AuditViewer.User("u-mike"), new AuditQuery { To = end }),
        };

        foreach (var (name, viewer, query) in cases)
        {
            var histogram = await histograms.GetHistogramAsync(viewer, query, AuditHistogramInterval.Auto);
            if (histogram.Total == 0)
            {
                throw new InvalidOperationException($"Histogram '{name}' counted no rows; the benchmark data does not exercise it.");
            }

            var times = new double[repeats];
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                await histograms.GetHistogramAsync(viewer, query, AuditHistogramInterval.Auto);
                times[i] = clock.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            var label = $"{name} ({histogram.Buckets.Count} {histogram.Interval.ToString().ToLowerInvariant()} buckets, {histogram.Total} rows; target <= 50 ms at 1 M rows)";
            report.Add(new(Scenario, $"{label}: median", times[repeats / 2], "ms"));
            report.Add(new(Scenario, $"{label}: p95", times[Math.Min(repeats - 1, (int)Math.Ceiling(0.95 * repeats) - 1)], "ms"));
        }
    }

    private static async Task<IHost> StartAsync(string path)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o => o.RecordLifecycleEvents = false).UseSqlite(path);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
