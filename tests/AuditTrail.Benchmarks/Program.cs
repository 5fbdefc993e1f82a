using System.Globalization;
using AuditTrail.Benchmarks;
using BenchmarkDotNet.Running;

const string Usage =
    "usage: dotnet run -c Release --project tests/AuditTrail.Benchmarks -- <scenario> [--events N] [--rows N] [--quick] [--dir PATH]\n" +
    "  scenarios: ingest, ingest-pg (only its PostgreSQL part), query, export, verify (each also on PostgreSQL when PGHOST is set, as query-pg, export-pg, verify-pg), query-pg, export-pg, verify-pg, reads-pg (the three on PostgreSQL alone), feed (consumers after commit), review (one week reviewed, the continuous detectors), histogram (the activity chart's counts per bucket), partition-purge (PostgreSQL: a month of --rows records dropped as a partition vs purged row by row), all, search-ab (ingest with the search index filled in the background against none, alternating rounds), one-caller-pg (PostgreSQL: what one durable caller pays for, the library with and without its search indexing and filter indexes against the peer, alternating rounds), peer-rounds (issue 25's rows with 64 callers against the peer in alternating rounds: SQLite durable, and under pg_virtualenv PostgreSQL durable and buffered, each also with one batch at a time, and durable from 2 and 4 writer processes, with fsync off and on); or: micro [BenchmarkDotNet arguments]; or: trace-summary FILE.nettrace [TOP [METHOD]]\n" +
    "  --events N  events per ingest measurement (default 100000; --quick: 2000)\n" +
    "  --rows N    rows in the store for query, export and verify (default 1000000; --quick: 2000)\n" +
    "  --quick     every scenario small, for correctness only (CI)\n" +
    "  --dir PATH  where the SQLite files go (default: a new folder under the temp directory, deleted afterwards, also on Ctrl+C or SIGTERM)\n" +
    "  --pg-schema NAME  the PostgreSQL read scenarios' schema: populated once, reused by later runs while it holds --rows rows, never dropped (default: a new schema, dropped afterwards)\n" +
    "  --pg-partitioned  the PostgreSQL read scenarios' store uses the partitioned layout (monthly partitions)";

string[] scenarios = ["ingest", "ingest-pg", "query", "export", "verify", "query-pg", "export-pg", "verify-pg", PostgreSqlReads.Scenario, "feed", "review", "histogram", "all", "search-ab", PostgreSqlPartitionPurge.Scenario, PostgreSqlOneCallerCosts.Scenario, PeerRounds.Scenario];
if (args.Length == 0)
{
    return Fail("missing the scenario argument");
}

if (args[0] == "micro")
{
    BenchmarkSwitcher.FromTypes([typeof(MicroBenchmarks)]).RunAll(MicroBenchmarks.Config, args[1..]);
    return 0;
}

if (args[0] == PostgreSqlWriterProcesses.Command)
{
    try
    {
        return await PostgreSqlWriterProcesses.WriteAsync(args[1..]);
    }
    catch (Npgsql.NpgsqlException e)
    {
        Console.Error.WriteLine("error: " + PostgreSqlIngest.Describe(e));
        return 1;
    }
    finally
    {
        BenchmarkSpool.DeleteAll();
    }
}

if (args[0] == "trace-summary")
{
    return args.Length is >= 2 and <= 4 && (args.Length == 2 || int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        ? TraceSummary.Print(args[1], args.Length >= 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30, args.Length == 4 ? args[3] : null)
        : Fail("trace-summary needs the path of a .nettrace file and, optionally, how many methods to list and a method whose callers to list");
}

if (!scenarios.Contains(args[0]))
{
    return Fail($"unknown scenario '{args[0]}' (expected one of: micro, {string.Join(", ", scenarios)})");
}

int? events = null, rows = null;
var quick = false;
string? directory = null;
string? pgSchema = null;
var pgPartitioned = false;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--events" or "--rows":
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                return Fail($"{args[i]} needs a positive whole number, got '{(i + 1 < args.Length ? args[i + 1] : "nothing")}'");
            }

            if (args[i] == "--events")
            {
                events = value;
            }
            else
            {
                rows = value;
            }

            i++;
            break;
        case "--pg-schema":
            if (i + 1 >= args.Length || !System.Text.RegularExpressions.Regex.IsMatch(args[i + 1], "^[a-z_][a-z0-9_]{0,62}$"))
            {
                return Fail("--pg-schema needs a schema name of lower-case letters, digits and underscores");
            }

            pgSchema = args[++i];
            break;
        case "--pg-partitioned":
            pgPartitioned = true;
            break;
        case "--dir":
            if (i + 1 >= args.Length)
            {
                return Fail("--dir needs a path");
            }

            directory = args[++i];
            break;
        default:
            return Fail($"unknown argument '{args[i]}'");
    }
}

var ownDirectory = directory is null;
directory ??= Path.Combine(Path.GetTempPath(), "audittrail-bench-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    Directory.CreateDirectory(directory);
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    return Fail($"--dir '{directory}' is not a folder that can be created or written: {e.Message}");
}

// Ctrl+C or SIGTERM ends the process without the finally below: its own files go here instead (a full run's folder
// holds a store of a million rows).
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, _ => DeleteOwnFiles());
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => DeleteOwnFiles());
void DeleteOwnFiles()
{
    // The run goes on while this deletes: a file it creates meanwhile (a store's -wal, the next scenario's store) makes
    // a delete fail with the folder not empty, so it is tried again a few times.
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            BenchmarkSpool.DeleteAll();
            if (ownDirectory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (attempt == 10)
            {
                Console.Error.WriteLine($"warning: could not delete {directory}: {e.Message}");
                return;
            }

            Thread.Sleep(100);
        }
    }
}

var settings = new Settings(events ?? (quick ? 2000 : 100_000), rows ?? (quick ? 2000 : 1_000_000), quick, directory, pgSchema, pgPartitioned);
Console.Error.WriteLine($"AuditTrail benchmarks: {args[0]}, events {settings.Events}, rows {settings.Rows}, quick {quick}, files in {directory}");

var report = new Report();
var runner = new Scenarios(settings, report);
await using var postgreSqlReads = new PostgreSqlReads(settings, report, runner);
try
{
    var all = args[0] == "all";

    // The read scenarios on PostgreSQL: named alone (query-pg, or reads-pg for all three), or beside SQLite's when PGHOST is set.
    bool OnPostgreSql(string scenario) =>
        args[0] == scenario + "-pg" || args[0] == PostgreSqlReads.Scenario || ((all || args[0] == scenario) && PostgreSqlIngest.IsConfigured);
    if (!PostgreSqlIngest.IsConfigured && (all || args[0] is "query" or "export" or "verify"))
    {
        Console.Error.WriteLine("PostgreSQL reads skipped: PGHOST is not set (run under pg_virtualenv to include them).");
    }

    if (args[0] == "search-ab")
    {
        await new SearchIndexAb(settings, report).RunAsync();
    }

    if (args[0] == PostgreSqlOneCallerCosts.Scenario)
    {
        await new PostgreSqlOneCallerCosts(settings, report).RunAsync();
    }

    if (args[0] == PeerRounds.Scenario)
    {
        await new PeerRounds(settings, report, runner).RunAsync();
    }

    if (args[0] == PostgreSqlPartitionPurge.Scenario)
    {
        await new PostgreSqlPartitionPurge(settings, report).RunAsync();
    }

    if (all || args[0] == "ingest")
    {
        await runner.IngestAsync();
    }

    if (args[0] == "ingest-pg")
    {
        await runner.IngestPostgreSqlAsync();
    }

    if (all || args[0] == "query")
    {
        Scenarios.Settle();
        await runner.QueryAsync();
    }

    if (OnPostgreSql("query"))
    {
        Scenarios.Settle();
        await postgreSqlReads.QueryAsync();
    }

    if (all || args[0] == "export")
    {
        Scenarios.Settle();
        await runner.ExportAsync();
    }

    if (OnPostgreSql("export"))
    {
        Scenarios.Settle();
        await postgreSqlReads.ExportAsync();
    }

    if (all || args[0] == "verify")
    {
        Scenarios.Settle();
        await runner.VerifyAsync();
    }

    if (OnPostgreSql("verify"))
    {
        Scenarios.Settle();
        await postgreSqlReads.VerifyAsync();
    }

    if (all || args[0] == "feed")
    {
        Scenarios.Settle();
        await new FeedScenarios(settings, report, runner.PopulatedAsync).RunAsync();
    }

    if (all || args[0] == "review")
    {
        Scenarios.Settle();
        await new ReviewScenarios(settings, report, runner.PopulatedAsync).RunAsync();
    }

    if (all || args[0] == "histogram")
    {
        Scenarios.Settle();
        await new HistogramScenarios(settings, report, runner.PopulatedAsync).RunAsync();
    }
}
catch (InvalidOperationException e)
{
    // A scenario's own correctness check failed (rows missing, an empty result, a broken chain).
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
catch (Npgsql.NpgsqlException e)
{
    // The server named by the PG* variables is not there, refused the login, or refused a statement.
    Console.Error.WriteLine("error: " + PostgreSqlIngest.Describe(e));
    return 1;
}
finally
{
    BenchmarkSpool.DeleteAll();
    if (ownDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

report.Print(Console.Out);
return 0;

static int Fail(string message)
{
    Console.Error.WriteLine("error: " + message);
    Console.Error.WriteLine(Usage);
    return 2;
}
