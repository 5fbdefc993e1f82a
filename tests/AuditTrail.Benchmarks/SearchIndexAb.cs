using System.Diagnostics;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>
/// What the in-database search index costs ingest: the same load with background indexing on (the index filled in
/// the database while the events commit, then caught up) and off (no index at all), in alternating rounds so that
/// a slower minute of a shared machine weighs on both.
/// </summary>
internal sealed class SearchIndexAb(Settings settings, Report report)
{
    private const int RoundCount = 5;

    public async Task RunAsync()
    {
        var events = Enumerable.Range(0, settings.Events).Select(Data.Event).ToArray();
        await IngestAsync(events.Take(200).ToArray(), AuditDeliveryMode.Buffered, 1, indexing: true);
        foreach (var (mode, callers) in new[] { (AuditDeliveryMode.Buffered, 1), (AuditDeliveryMode.Durable, 64) })
        {
            var on = new List<(double Committed, double Indexed)>();
            var off = new List<double>();
            for (var round = 0; round < RoundCount; round++)
            {
                on.Add(await IngestAsync(events, mode, callers, indexing: true));
                off.Add((await IngestAsync(events, mode, callers, indexing: false)).Committed);
            }

            var name = $"{mode.ToString().ToLowerInvariant()}, {callers} caller(s)";
            var offMedian = Rounds.Median(off);
            report.Add(new("search-ab", $"{name}, no index: median of {Rounds.List(off)}", offMedian, "events/s"));
            var committedRounds = on.Select(r => r.Committed).ToList();
            var committed = Rounds.Median(committedRounds);
            report.Add(new("search-ab", $"{name}, index in the background: committed, × no index: median of {Rounds.List(committedRounds)}", committed, "events/s", committed / offMedian));
            var indexed = Rounds.Median(on.Select(r => r.Indexed));
            report.Add(new("search-ab", $"{name}, index in the background: until indexed, × no index", indexed, "events/s", indexed / offMedian));
        }
    }

    private async Task<(double Committed, double Indexed)> IngestAsync(AuditEvent[] events, AuditDeliveryMode mode, int callers, bool indexing)
    {
        Scenarios.Settle();
        var path = Path.Combine(settings.Directory, $"ab-{indexing}-{Guid.NewGuid():N}.db");
        await (await Baselines.CreateSchemaAsync(path)).DisposeAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o =>
        {
            o.DeliveryMode = mode;
            o.RecordLifecycleEvents = false;
            o.FailurePolicyByActionType[AuditActionType.Security] = AuditFailurePolicy.FailOpen;
        }).UseSqlite(o =>
        {
            o.DatabasePath = path;
            o.IndexSearchInBackground = indexing;
        });
        using var host = builder.Build();
        await host.StartAsync();
        var store = (SqliteAuditStore)host.Services.GetRequiredService<IAuditStore>();
        var clock = Stopwatch.StartNew();
        var committed = await IngestLoad.RunAsync(host, events, callers);
        if (indexing)
        {
            await store.UpdateSearchIndexAsync();
        }

        var indexed = clock.Elapsed;
        await host.StopAsync();
        return (events.Length / committed.TotalSeconds, events.Length / indexed.TotalSeconds);
    }
}
