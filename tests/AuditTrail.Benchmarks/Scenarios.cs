using System.Globalization;
using System.Diagnostics;
using AuditTrail.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <param name="PgSchema">With <c>--pg-schema</c>: the schema the PostgreSQL read scenarios populate once and then reuse, never dropped.</param>
/// <param name="PgPartitioned">With <c>--pg-partitioned</c>: the PostgreSQL read scenarios' store uses the partitioned layout.</param>
internal sealed record Settings(int Events, int Rows, bool Quick, string Directory, string? PgSchema = null, bool PgPartitioned = false);

/// <summary>The scenarios of issue 9 on SQLite files (WAL, synchronous = FULL unless stated).</summary>
internal sealed class Scenarios(Settings settings, Report report)
{
    /// <summary>The average batch of 64 durable callers, counted with a MeterListener on audittrail.events.committed.</summary>
    private const int DurableBatchRows = 32;

    private readonly Dictionary<string, (string Scenario, DateTimeOffset[] Ids)> _firstResults = [];
    private string? _populated;

    /// <summary>
    /// Starts a scenario from a collected heap and without the previous scenario's pooled SQLite connections, so that
    /// what one scenario left behind (the ingest's 100 000-event arrays, dozens of pools) does not weigh on the next.
    /// </summary>
    public static void Settle()
    {
        SqliteConnection.ClearAllPools();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private string NewFile(string name) => Path.Combine(settings.Directory, name + "-" + Guid.NewGuid().ToString("N")[..8] + ".db");

    private static async Task<IHost> StartAsync(string path, AuditDeliveryMode mode, bool allFailOpen = false, int? maxBatchSize = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o =>
        {
            o.DeliveryMode = mode;
            o.RecordLifecycleEvents = false;
            o.MaxBatchSize = maxBatchSize ?? o.MaxBatchSize;
            if (allFailOpen)
            {
                // Security events are fail-closed by default, and a fail-closed LogAsync waits for its commit even in Buffered mode.
                o.FailurePolicyByActionType[AuditActionType.Security] = AuditFailurePolicy.FailOpen;
            }
        }).UseSqlite(path);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<long> CountRowsAsync(string path)
    {
        await using var connection = await Baselines.OpenAsync(path);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_events");
    }

    private static async Task ExpectRowsAsync(string path, long expected, string what)
    {
        var actual = await CountRowsAsync(path);
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected} rows in {path}, found {actual}.");
        }
    }

    public async Task IngestAsync()
    {
        var n = settings.Events;
        var serialCap = Math.Min(n, settings.Quick ? 200 : 2000);
        var records = Enumerable.Range(0, n).Select(Data.Record).ToArray();
        var events = Enumerable.Range(0, n).Select(Data.Event).ToArray();

        // Warm-up: JIT the baselines and the pipeline on a small file, not measured.
        await Baselines.LimitAsync(NewFile("warmup-limit"), records.Take(200).ToArray(), chain: true);
        await LibraryAsync(events.Take(200).ToArray(), AuditDeliveryMode.Buffered, 1);

        var limit = n / (await Baselines.LimitAsync(NewFile("limit"), records, chain: true)).TotalSeconds;
        report.Add(new("ingest", "limit: raw prepared INSERT + chain, 1000/tx", limit, "events/s", 1));
        var limitNoChain = n / (await Baselines.LimitAsync(NewFile("limit-nochain"), records, chain: false)).TotalSeconds;
        report.Add(new("ingest", "limit without hash chain (hash NULL)", limitNoChain, "events/s", limitNoChain / limit));
        var limitIndexed = n / (await Baselines.LimitAsync(NewFile("limit-indexed"), records, chain: true, search: true)).TotalSeconds;
        report.Add(new("ingest", "limit, then its search index built (profiling only)", limitIndexed, "events/s", limitIndexed / limit));

        // The same inserts in transactions of 32 rows, the average batch 64 durable callers form (two batches
        // alternate: one commits while the other fills): what such transactions cost without any library code.
        var limitSmall = n / (await Baselines.LimitAsync(NewFile("limit-32"), records, chain: true, rowsPerTransaction: DurableBatchRows)).TotalSeconds;
        report.Add(new("ingest", $"limit at {DurableBatchRows} rows/tx (profiling only)", limitSmall, "events/s", limitSmall / limit));
        // The library rows are measured before the naive baseline, whose one fsync per event can leave the disk
        // slower for a while; their ratios to it are reported once it is known.
        var library = new List<(string Metric, double Value, int? PeerCallers)>();
        var buffered = await LibraryAsync(events, AuditDeliveryMode.Buffered, 1);
        library.Add(("library buffered, 1 caller, product mix (Security fail-closed)", buffered, null));
        var (bufferedOpen, bufferedOpenIndexed) = await LibraryIndexedAsync(events, AuditDeliveryMode.Buffered, 1, allFailOpen: true);
        library.Add(("library buffered, 1 caller, all events buffered", bufferedOpen, null));
        library.Add(("  the same, until the search index covers every event", bufferedOpenIndexed, null));
        var bufferedSmall = await LibraryAsync(events, AuditDeliveryMode.Buffered, 1, allFailOpen: true, maxBatchSize: 500);
        library.Add(("library buffered, all buffered, MaxBatchSize 500", bufferedSmall, null));
        foreach (var callers in new[] { 1, 16, 64 })
        {
            var count = callers == 1 ? serialCap : n;
            var (committed, indexed) = await LibraryIndexedAsync(events.Take(count).ToArray(), AuditDeliveryMode.Durable, callers);
            library.Add(($"library durable, {callers} callers ({count} ev)", committed, callers is 1 or 64 ? callers : null));
            if (callers == 64)
            {
                library.Add(("  the same, until the search index covers every event", indexed, null));
            }
        }

        // The naive baseline writes all the events, like the library rows it is compared with: the per-row cost
        // of the FTS5 index grows with the table, so a shorter run would flatter it.
        var naive = n / (await Baselines.NaiveAsync(NewFile("naive"), records)).TotalSeconds;
        report.Add(new("ingest", $"naive: Dapper INSERT, 1 tx/event ({n} ev)", naive, "events/s", naive / limit, 1));
        // The peer baseline of issue 25 (autocommit INSERT of a JSON document into a table with only a primary key).
        var peer1 = await PeerBaseline.SqliteAsync(NewFile("peer-1"), records[..serialCap], 1);
        report.Add(new("ingest", $"peer: autocommit INSERT JSON, 1 caller ({serialCap} ev)", peer1, "events/s", peer1 / limit, RatioVsPeer: 1));
        var peer64 = await PeerBaseline.SqliteAsync(NewFile("peer-64"), records, 64);
        report.Add(new("ingest", "peer: autocommit INSERT JSON, 64 callers", peer64, "events/s", peer64 / limit, RatioVsPeer: 1));
        foreach (var (metric, value, peerCallers) in library)
        {
            var peer = peerCallers switch { 1 => peer1, 64 => peer64, _ => (double?)null };
            report.Add(new("ingest", metric, value, "events/s", value / limit, value / naive, value / peer));
        }

        // The chain cannot be switched off in the store, so its cost is measured as ComputeHash time per row
        // against the per-row time of buffered ingest.
        var clock = Stopwatch.StartNew();
        var previous = AuditChain.GenesisHash.ToArray();
        for (var i = 0; i < records.Length; i++)
        {
            previous = AuditChain.ComputeHash(previous, i + 1, records[i]);
        }

        var hashMicros = clock.Elapsed.TotalMicroseconds / records.Length;
        report.Add(new("ingest", "AuditChain.ComputeHash per row", hashMicros, "us"));
        report.Add(new("ingest", "hash share of buffered per-row ingest time", hashMicros / (1e6 / Math.Max(buffered, bufferedOpen)) * 100, "%"));

        if (PostgreSqlIngest.IsConfigured)
        {
            await new PostgreSqlIngest(report).RunAsync(events, records, settings.Quick);
        }
        else
        {
            Console.Error.WriteLine("PostgreSQL ingest skipped: PGHOST is not set (run under pg_virtualenv to include it).");
        }
    }

    /// <summary>The PostgreSQL part of the ingest scenario alone (it needs the PG* variables).</summary>
    public async Task IngestPostgreSqlAsync()
    {
        if (!PostgreSqlIngest.IsConfigured)
        {
            throw new InvalidOperationException("ingest-pg needs a PostgreSQL server: PGHOST is not set (run under pg_virtualenv).");
        }

        var records = Enumerable.Range(0, settings.Events).Select(Data.Record).ToArray();
        var events = Enumerable.Range(0, settings.Events).Select(Data.Event).ToArray();
        await new PostgreSqlIngest(report).RunAsync(events, records, settings.Quick);
    }

    /// <summary>Logs the events through the DI pipeline with <paramref name="callers"/> concurrent loops; returns events/s.</summary>
    internal async Task<double> LibraryAsync(AuditEvent[] events, AuditDeliveryMode mode, int callers, bool allFailOpen = false, int? maxBatchSize = null) =>
        (await LibraryIndexedAsync(events, mode, callers, allFailOpen, maxBatchSize)).Committed;

    /// <summary>
    /// Events per second until every event is committed (what callers wait for), and until every event is also in the
    /// search index (the background indexer runs during the load, and is then awaited).
    /// </summary>
    private async Task<(double Committed, double Indexed)> LibraryIndexedAsync(AuditEvent[] events, AuditDeliveryMode mode, int callers, bool allFailOpen = false, int? maxBatchSize = null)
    {
        var path = NewFile("library-" + mode.ToString().ToLowerInvariant() + "-" + callers);
        await (await Baselines.CreateSchemaAsync(path)).DisposeAsync();
        var host = await StartAsync(path, mode, allFailOpen, maxBatchSize);
        var store = (SqliteAuditStore)host.Services.GetRequiredService<IAuditStore>();
        var clock = Stopwatch.StartNew();
        var committed = await IngestLoad.RunAsync(host, events, callers);
        await store.UpdateSearchIndexAsync();
        var indexed = clock.Elapsed;
        var status = await store.GetSearchIndexStatusAsync();
        host.Dispose();
        await ExpectRowsAsync(path, events.Length, $"{mode} ingest with {callers} callers");
        if (status.UnindexedRows != 0 || status.LatestSequence != events.Length)
        {
            throw new InvalidOperationException($"{mode} ingest with {callers} callers: the search index covers {status.IndexedThroughSequence} of {status.LatestSequence} rows.");
        }

        return (events.Length / committed.TotalSeconds, events.Length / indexed.TotalSeconds);
    }

    /// <summary>A store of <see cref="Settings.Rows"/> rows written through SqliteAuditStore.WriteAsync (1000 per batch, synchronous = NORMAL to fill it faster).</summary>
    /// <summary>The store of <c>--rows</c> rows the read scenarios share, filled on first use (and kept with <c>--dir</c>).</summary>
    public async Task<string> PopulatedAsync()
    {
        if (_populated is not null)
        {
            return _populated;
        }

        // With --dir the populated store is kept and reused by later runs (the schema migrates on open).
        var path = Path.Combine(settings.Directory, "store-" + settings.Rows.ToString(CultureInfo.InvariantCulture) + ".db");
        if (File.Exists(path) && await CountRowsAsync(path) == settings.Rows)
        {
            await IndexPopulatedAsync(path);
            await StoreSize.ReportAsync(path, settings.Rows, report);
            _populated = path;
            return path;
        }

        foreach (var stale in Directory.GetFiles(settings.Directory, Path.GetFileName(path) + "*"))
        {
            File.Delete(stale);
        }

        var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path, Synchronous = SqliteSynchronousMode.Normal, IndexSearchInBackground = false });
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < settings.Rows; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, settings.Rows - start)).Select(Data.Record).ToArray();
            await store.WriteAsync(batch);
        }

        await ExpectRowsAsync(path, settings.Rows, "populated store");
        report.Add(new("setup", $"populate {settings.Rows} rows via store.WriteAsync (NORMAL)", settings.Rows / clock.Elapsed.TotalSeconds, "rows/s"));
        await store.DisposeAsync();
        await IndexPopulatedAsync(path);
        await StoreSize.ReportAsync(path, settings.Rows, report);
        _populated = path;
        return path;
    }

    /// <summary>Brings the search index of the populated store up to date before anything is measured on it.</summary>
    private async Task IndexPopulatedAsync(string path)
    {
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path, IndexSearchInBackground = false });
        var clock = Stopwatch.StartNew();
        var indexed = await store.UpdateSearchIndexAsync();
        if (indexed > 0)
        {
            report.Add(new("setup", $"search index of {indexed} rows built by UpdateSearchIndexAsync", indexed / clock.Elapsed.TotalSeconds, "rows/s"));
        }
    }

    public async Task QueryAsync()
    {
        var path = await PopulatedAsync();
        using var host = await StartAsync(path, AuditDeliveryMode.Durable);
        await QueryOnAsync("query", host.Services.GetRequiredService<IAuditReader>());
    }

    /// <summary>
    /// The query cases on a store that holds the <see cref="Settings.Rows"/> records of <see cref="Data.Record"/>,
    /// reported under <paramref name="scenario"/>; every store gets the same cases and labels, and every store after
    /// the first in a run must return the same first pages as the first.
    /// </summary>
    public async Task QueryOnAsync(string scenario, IAuditReader reader)
    {
        var admin = AuditViewer.Admin("u-john");
        var middle = Data.Start.AddSeconds(settings.Rows / 2);
        var repeats = settings.Quick ? 5 : 30;

        var firstPages = new (string Name, AuditViewer Viewer, AuditQuery Query)[]
        {
            ("no filter", admin, new AuditQuery()),
            ("user (ActorIds)", admin, new AuditQuery { ActorIds = ["u-mike"] }),
            ("action type", admin, new AuditQuery { ActionTypes = [AuditActionType.Security] }),
            ("action code", admin, new AuditQuery { Actions = ["server.deleted"] }),
            ("resource type+id", admin, new AuditQuery { ResourceType = "server", ResourceId = "srv-42" }),
            ("outcome failure", admin, new AuditQuery { Outcome = AuditOutcome.Failure }),
            ("time range (1 h, middle)", admin, new AuditQuery { From = middle, To = middle.AddHours(1) }),
            ("source ip", admin, new AuditQuery { SourceIp = "10.0.42.3" }),
            ("user+type+time", admin, new AuditQuery { ActorIds = ["u-mike"], ActionTypes = [AuditActionType.Update], From = Data.Start, To = middle }),
            ("non-admin viewer (own actions)", AuditViewer.User("u-mike"), new AuditQuery()),
        };

        // Every case a few times before any is timed: the read path's methods reach optimised (tier-1) code on the
        // calls of all the cases, not inside the first case's timed runs (whose p95 they used to decide).
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, viewer, query) in firstPages)
            {
                await reader.QueryAsync(viewer, query);
            }
        }

        double? firstPageMedian = null;
        foreach (var (name, viewer, query) in firstPages)
        {
            var page = await reader.QueryAsync(viewer, query);
            if (page.Items.Count == 0)
            {
                throw new InvalidOperationException($"{scenario}: query '{name}' returned no rows; the benchmark data does not exercise it.");
            }

            ExpectSameAsFirstStore(scenario, "first page, " + name, page.Items);
            var (median, p95) = await TimeAsync(repeats, () => reader.QueryAsync(viewer, query));
            firstPageMedian ??= median;
            report.Add(new(scenario, $"first page, {name}: median", median, "ms"));
            report.Add(new(scenario, $"first page, {name}: p95", p95, "ms"));
        }

        // The deepest page by cursor: the 10 000th of 50 rows, or the deepest the row count allows.
        var target = Math.Max(1, Math.Min(10_000, (settings.Rows / 50) - 1));
        var pageQuery = new AuditQuery { Limit = 50 };
        for (var p = 1; p < target; p++)
        {
            var page = await reader.QueryAsync(admin, pageQuery);
            pageQuery = pageQuery with { Cursor = page.NextCursor ?? throw new InvalidOperationException($"{scenario}: no cursor after page {p}.") };
        }

        var deepPage = await reader.QueryAsync(admin, pageQuery);
        ExpectSameAsFirstStore(scenario, $"page {target} by cursor", deepPage.Items);
        var deep = await TimeAsync(repeats, () => reader.QueryAsync(admin, pageQuery));
        report.Add(new(scenario, $"page {target} by cursor: median", deep.Median, "ms"));
        report.Add(new(scenario, $"page {target} by cursor: p95", deep.P95, "ms"));
        report.Add(new(scenario, $"page {target} median / first page median", deep.Median / firstPageMedian!.Value, "x"));

        foreach (var term in new[] { "web-042", "load_multiplier" })
        {
            var search = new AuditQuery { Search = term };
            var found = await reader.QueryAsync(admin, search);
            if (found.Items.Count == 0)
            {
                throw new InvalidOperationException($"{scenario}: search \"{term}\" found nothing; every store of {settings.Rows} rows holds it.");
            }

            ExpectSameAsFirstStore(scenario, $"search \"{term}\"", found.Items);
            var (median, p95) = await TimeAsync(repeats, () => reader.QueryAsync(admin, search));
            report.Add(new(scenario, $"search \"{term}\": median", median, "ms"));
            report.Add(new(scenario, $"search \"{term}\": p95", p95, "ms"));
        }

        // Every user has one row in eight (Data.Event), so the counts are known.
        foreach (var (name, query, expected) in new[] { ("all", new AuditQuery(), settings.Rows), ("user", new AuditQuery { ActorIds = ["u-mike"] }, (settings.Rows + 5) / 8) })
        {
            var counted = await reader.CountAsync(admin, query);
            if (counted != expected)
            {
                throw new InvalidOperationException($"{scenario}: count {name} is {counted}, expected {expected}.");
            }

            var (median, p95) = await TimeAsync(repeats, () => reader.CountAsync(admin, query));
            report.Add(new(scenario, $"count {name}: median", median, "ms"));
            report.Add(new(scenario, $"count {name}: p95", p95, "ms"));
        }

        // The frequent term's exact count: what a capped count saves (seconds each past 1 M rows, so fewer repeats there).
        var frequentTerm = new AuditQuery { Search = "load_multiplier" };
        long frequentCount = 0;
        var (searchMedian, searchP95) = await TimeAsync(settings.Rows > 1_000_000 ? 5 : repeats, async () => frequentCount = await reader.CountAsync(admin, frequentTerm));

        // The exact answers the bounded counts below are checked against: "all" was checked above, the frequent term's is
        // the timed count's (minutes on PostgreSQL at 10 M rows, so not counted again).
        var exactCounts = new Dictionary<string, long>
        {
            ["all"] = settings.Rows,
            ["search \"load_multiplier\""] = frequentCount,
        };
        report.Add(new(scenario, "count search \"load_multiplier\": median", searchMedian, "ms"));
        report.Add(new(scenario, "count search \"load_multiplier\": p95", searchP95, "ms"));

        // The count a UI shows ("10,000+"), issue #24: capped, it must not read every matching row. A search's capped
        // count confirms each candidate row, so its cost grows with the cap: both caps are reported.
        foreach (var cap in new long[] { 10_000, 1_000 })
        {
            var capped = new AuditCountOptions { AtMost = cap };
            foreach (var (name, query) in new[] { ("all", new AuditQuery()), ("search \"load_multiplier\"", frequentTerm) })
            {
                var exact = exactCounts[name];
                var bounded = await reader.GetCountAsync(admin, query, capped);
                var expected = exact > cap ? new AuditCount(cap, IsLowerBound: true) : new AuditCount(exact, IsLowerBound: false);
                if (bounded != expected)
                {
                    throw new InvalidOperationException($"{scenario}: capped count '{name}' gave {bounded}, expected {expected} (exact {exact}).");
                }

                var (median, p95) = await TimeAsync(repeats, () => reader.GetCountAsync(admin, query, capped));
                report.Add(new(scenario, $"count {name} at most {cap} (target <= 20 ms): median", median, "ms"));
                report.Add(new(scenario, $"count {name} at most {cap} (target <= 20 ms): p95", p95, "ms"));
            }
        }

        // The same count a UI shows, also limited to 20 ms (AuditCountOptions.TimeLimit): a search counted in steps
        // answers what it counted when the next step would end past the limit, "at least" that many.
        var timed = new AuditCountOptions { AtMost = 10_000, TimeLimit = TimeSpan.FromMilliseconds(20) };
        foreach (var (name, query) in new[] { ("all", new AuditQuery()), ("search \"load_multiplier\"", frequentTerm) })
        {
            var exact = exactCounts[name];
            var answers = new List<AuditCount>();
            var (median, p95) = await TimeAsync(repeats, async () =>
            {
                var answer = await reader.GetCountAsync(admin, query, timed);
                if (answer.Value > Math.Min(exact, 10_000) || (!answer.IsLowerBound && answer.Value != exact) || (answer.IsLowerBound && answer.Value == 0))
                {
                    throw new InvalidOperationException($"{scenario}: count '{name}' within 20 ms gave {answer}, but {exact} match.");
                }

                answers.Add(answer);
                return answer;
            });
            var counted = answers.Select(answer => (double)answer.Value).Order().ToArray();
            report.Add(new(scenario, $"count {name} at most 10000 within 20 ms (target <= 20 ms): median", median, "ms"));
            report.Add(new(scenario, $"count {name} at most 10000 within 20 ms (target <= 20 ms): p95", p95, "ms"));
            report.Add(new(scenario, $"count {name} at most 10000 within 20 ms: median answer ({answers.Count(answer => answer.IsLowerBound)} of {answers.Count} \"at least\")", counted[counted.Length / 2], "records"));
        }
    }

    /// <summary>
    /// Holds a result to the first store's result of the same case in this run (the stores hold the same records,
    /// told apart by their times, one second apart; their ids differ, since a version 7 Guid has random bits), so that
    /// a store that answers fast but wrongly fails the run.
    /// </summary>
    private void ExpectSameAsFirstStore(string scenario, string label, IReadOnlyList<AuditRecord> items)
    {
        var ids = items.Select(record => record.OccurredAt).ToArray();
        if (!_firstResults.TryAdd(label, (scenario, ids)) && _firstResults[label] is var (firstScenario, firstIds) && !firstIds.SequenceEqual(ids))
        {
            throw new InvalidOperationException(
                $"{scenario}: {label} returned {ids.Length} records that differ from the {firstIds.Length} of {firstScenario} over the same data.");
        }
    }

    private static async Task<(double Median, double P95)> TimeAsync<T>(int repeats, Func<Task<T>> action)
    {
        await action();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        var p95 = times[Math.Min(repeats - 1, (int)Math.Ceiling(0.95 * repeats) - 1)];
        return (times[repeats / 2], p95);
    }

    public async Task ExportAsync()
    {
        var path = await PopulatedAsync();
        using var host = await StartAsync(path, AuditDeliveryMode.Durable);
        await ExportOnAsync("export", host.Services.GetRequiredService<IAuditReader>());
    }

    /// <summary>CSV and JSON Lines of every record through <paramref name="reader"/>, reported under <paramref name="scenario"/>.</summary>
    public async Task ExportOnAsync(string scenario, IAuditReader reader)
    {
        foreach (var format in new[] { AuditExportFormat.Csv, AuditExportFormat.JsonLines })
        {
            // One warm-up run, as for the queries and verify (and as BenchmarkDotNet would): the measured run then
            // executes optimised (tier-1) code, as an export in a long-running host does, not the JIT's first tier.
            await reader.ExportAsync(AuditViewer.Admin("u-john"), new AuditQuery(), format, Stream.Null);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var before = process.WorkingSet64;
            var peak = before;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var sampled = Process.GetCurrentProcess();
                while (!stop.IsCancellationRequested)
                {
                    sampled.Refresh();
                    InterlockedMax(ref peak, sampled.WorkingSet64);
                    await Task.Delay(5, CancellationToken.None);
                }
            });

            var output = new CountingStream();
            var clock = Stopwatch.StartNew();
            var exported = await reader.ExportAsync(AuditViewer.Admin("u-john"), new AuditQuery(), format, output);
            var elapsed = clock.Elapsed;
            await stop.CancelAsync();
            await sampler;
            if (exported < settings.Rows || output.Length == 0)
            {
                throw new InvalidOperationException($"{scenario}: {format} export wrote {exported} rows ({output.Length} bytes); expected at least {settings.Rows}.");
            }

            report.Add(new(scenario, $"{format} ({exported} rows)", exported / elapsed.TotalSeconds, "rows/s"));
            report.Add(new(scenario, $"{format} peak working-set growth", (peak - before) / 1048576.0, "MB"));
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async Task VerifyAsync()
    {
        var path = await PopulatedAsync();
        await using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path });
        await VerifyOnAsync("verify", store);
    }

    /// <summary>
    /// The verifier as shipped over <paramref name="store"/>, reported under <paramref name="scenario"/>; when the store
    /// has a range checker (one range per core at a time), then the same store seen only as an IAuditChainStore: the
    /// record-by-record pass every store has.
    /// </summary>
    public async Task VerifyOnAsync(string scenario, IAuditChainStore store)
    {
        var chains = new List<(string, IAuditChainStore)> { ("IAuditVerifier", store) };
        if (store is IAuditChainRangeChecker)
        {
            chains.Add(("IAuditVerifier, records only (no range checker)", new RecordsOnly(store)));
        }

        foreach (var (name, chain) in chains)
        {
            var verifier = new AuditVerifier(chain, checkpoints: null, keys: null);
            await verifier.VerifyAsync();
            var clock = Stopwatch.StartNew();
            var result = await verifier.VerifyAsync();
            var elapsed = clock.Elapsed;
            if (!result.IsValid || result.RowsVerified < settings.Rows)
            {
                throw new InvalidOperationException($"{scenario}: verification failed or incomplete: {result.Problem?.Message}, {result.RowsVerified} rows.");
            }

            report.Add(new(scenario, $"{name} ({result.RowsVerified} rows)", result.RowsVerified / elapsed.TotalSeconds, "rows/s"));
        }
    }

    /// <summary>A chain store that hides the range checker of the store it wraps.</summary>
    private sealed class RecordsOnly(IAuditChainStore inner) : IAuditChainStore
    {
        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => inner.GetAnchorAsync(cancellationToken);

        public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadChainAsync(afterSequence, cancellationToken);
    }

    /// <summary>A write-only stream that counts bytes, so export cost is not disk cost.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }
    }
}
