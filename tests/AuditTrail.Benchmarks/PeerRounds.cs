using System.Globalization;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The peer-rounds scenario: issue 25's rows with 64 callers in alternating rounds, so that a slower minute of a shared
/// machine (a disk whose syncs slow down, a busy neighbour) weighs on the library and on the peer alike, instead of on
/// whichever one <c>ingest</c> measured then. Each round writes the same events once per row, each on a new store, the
/// order reversed every other round: SQLite durable against the SQLite peer; under <c>pg_virtualenv</c> also
/// PostgreSQL durable and buffered, and durable from 2 and 4 writer processes sharing the store (each warmed up first;
/// aggregate rate), against the PostgreSQL peer in one process, with the cluster as configured (fsync off) and with
/// fsync on. Each row reports its median rate and the median of its ratios to the peer of the same round. The
/// PostgreSQL rows with 64 callers also run with one batch at a time (<see cref="AuditTrailOptions.PipelineWrites"/> off),
/// what the writer did before it sent a batch while another commits.
/// </summary>
internal sealed class PeerRounds(Settings settings, Report report, Scenarios scenarios)
{
    public const string Scenario = "peer-rounds";

    private const int Callers = 64;

    private readonly int _rounds = settings.Quick ? 1 : 5;

    public async Task RunAsync()
    {
        var records = Enumerable.Range(0, settings.Events).Select(Data.Record).ToArray();
        var events = Enumerable.Range(0, settings.Events).Select(Data.Event).ToArray();

        // Warm-up, not measured: the SQLite pipeline and the peer's code, on a few events.
        await scenarios.LibraryAsync(events[..Math.Min(events.Length, 200)], AuditDeliveryMode.Durable, Callers);
        await PeerBaseline.SqliteAsync(NewFile("warmup-peer"), records[..Math.Min(records.Length, 200)], Callers);
        await RoundsAsync(
            "SQLite",
            () => PeerBaseline.SqliteAsync(NewFile("peer"), records, Callers),
            [("library durable, 64 callers", () => scenarios.LibraryAsync(events, AuditDeliveryMode.Durable, Callers))]);

        if (!PostgreSqlIngest.IsConfigured)
        {
            Console.Error.WriteLine($"{Scenario}: PostgreSQL skipped: PGHOST is not set (run under pg_virtualenv to include it).");
            return;
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        var warmUpRounds = settings.Quick ? 1 : PostgreSqlWarmUp.MaxRounds;
        await PostgreSqlWarmUp.RunAsync(dataSource, Callers, warmUpRounds);
        await PostgreSqlWarmUp.PeerAsync(dataSource, Callers, warmUpRounds);
        foreach (var durability in new[] { PostgreSqlDurability.AsConfigured, PostgreSqlDurability.FsyncOn })
        {
            await using var applied = await PostgreSqlDurability.ApplyAsync(dataSource, durability);
            Task<double> Library(AuditDeliveryMode mode, bool pipelineWrites = true) =>
                PostgreSqlIngest.WithSchemaAsync(dataSource, schema => PostgreSqlIngest.LibraryAsync(dataSource, schema, events, mode, Callers, pipelineWrites));
            Task<double> Processes(int processes) =>
                PostgreSqlIngest.WithSchemaAsync(dataSource, async schema =>
                    (await PostgreSqlWriterProcesses.RunAsync(dataSource, schema, events.Length, processes, Callers / processes, warmUpRounds)).Rate);
            await RoundsAsync(
                "PostgreSQL" + applied.Label,
                () => PostgreSqlIngest.WithSchemaAsync(dataSource, schema => PeerBaseline.PostgreSqlAsync(dataSource, schema, records, Callers)),
                [
                    ("library durable, 64 callers", () => Library(AuditDeliveryMode.Durable)),
                    ("library buffered, 64 callers", () => Library(AuditDeliveryMode.Buffered)),
                    ("library durable, 64 callers, one batch at a time", () => Library(AuditDeliveryMode.Durable, pipelineWrites: false)),
                    ("library buffered, 64 callers, one batch at a time", () => Library(AuditDeliveryMode.Buffered, pipelineWrites: false)),
                    ("library durable, 2 processes x 32 callers", () => Processes(2)),
                    ("library durable, 4 processes x 16 callers", () => Processes(4)),
                ]);
        }
    }

    /// <summary>Runs <see cref="_rounds"/> rounds of the peer and of each library row, then reports their medians.</summary>
    private async Task RoundsAsync(string store, Func<Task<double>> peer, (string Name, Func<Task<double>> Measure)[] rows)
    {
        var peerRates = new List<double>();
        var rates = rows.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < _rounds; round++)
        {
            // -1 is the peer, then each library row in turn; every other round runs them the other way round.
            var order = Enumerable.Range(-1, rows.Length + 1).ToArray();
            if (round % 2 == 1)
            {
                Array.Reverse(order);
            }

            foreach (var row in order)
            {
                Scenarios.Settle();
                var rate = await (row < 0 ? peer() : rows[row].Measure());
                (row < 0 ? peerRates : rates[row]).Add(rate);
            }
        }

        report.Add(new(Scenario, $"{store}: peer, {Callers} callers: median of {Rounds.List(peerRates)}", Rounds.Median(peerRates), "events/s", RatioVsPeer: 1));
        for (var row = 0; row < rows.Length; row++)
        {
            var ratios = rates[row].Zip(peerRates, (rate, peerRate) => rate / peerRate).ToList();
            report.Add(new(
                Scenario,
                $"{store}: {rows[row].Name}: median of {Rounds.List(rates[row])}; x the round's peer {string.Join(" / ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}",
                Rounds.Median(rates[row]),
                "events/s",
                RatioVsPeer: Rounds.Median(ratios)));
        }
    }

    private string NewFile(string name) => Path.Combine(settings.Directory, $"{Scenario}-{name}-{Guid.NewGuid():N}.db");
}
