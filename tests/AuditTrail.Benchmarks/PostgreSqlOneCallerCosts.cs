using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The one-caller-pg scenario, under <c>pg_virtualenv</c>: what a lone durable caller pays for on PostgreSQL (issue
/// 25's one-caller row). In alternating rounds, so that a slower minute of a shared machine weighs on every variant:
/// the peer baseline, the library as shipped, the library without its background search indexing, without its eight
/// filter and retention indexes (the sequence, id and time indexes stay), without both, and as shipped with one batch
/// at a time (<see cref="AuditTrailOptions.PipelineWrites"/> off: nothing to send ahead, but no wait for it). Each variant reports its
/// median rate, that rate against the peer's median, and the CPU time per event of this process and of the whole
/// machine (the server included); first with the cluster as configured (<c>pg_virtualenv</c>: fsync off), then with
/// fsync on (<see cref="PostgreSqlDurability"/>). The variants without a part are measurements only: the product keeps every part.
/// </summary>
internal sealed class PostgreSqlOneCallerCosts(Settings settings, Report report)
{
    public const string Scenario = "one-caller-pg";

    /// <summary>The indexes the variants without them drop: every secondary index of the audit table but the id and time indexes.</summary>
    private static readonly string[] FilterIndexes = ["actor", "action_type", "action", "resource", "source_ip", "tenant", "target_user", "recorded"];

    private readonly int _rounds = settings.Quick ? 1 : 7;

    private sealed record Variant(string Name, bool SearchIndexing, bool FilterIndexes, bool PipelineWrites = true);

    public async Task RunAsync()
    {
        if (!PostgreSqlIngest.IsConfigured)
        {
            throw new InvalidOperationException($"{Scenario} needs a PostgreSQL server: run it under pg_virtualenv (the PG* variables name the server).");
        }

        // As the ingest scenario's one-caller rows: at most 5 000 events a round.
        var n = Math.Min(settings.Events, settings.Quick ? 200 : 5000);
        var records = Enumerable.Range(0, n).Select(Data.Record).ToArray();
        var events = Enumerable.Range(0, n).Select(Data.Event).ToArray();
        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        await PostgreSqlWarmUp.RunAsync(dataSource, 64, settings.Quick ? 1 : PostgreSqlWarmUp.MaxRounds);
        await PostgreSqlWarmUp.RunAsync(dataSource, 1, settings.Quick ? 1 : 10);

        Variant[] variants =
        [
            new("library as shipped", SearchIndexing: true, FilterIndexes: true),
            new("without background search indexing", SearchIndexing: false, FilterIndexes: true),
            new("without the 8 filter and retention indexes", SearchIndexing: true, FilterIndexes: false),
            new("without both", SearchIndexing: false, FilterIndexes: false),
            new("as shipped, one batch at a time (PipelineWrites off)", SearchIndexing: true, FilterIndexes: true, PipelineWrites: false),
        ];
        foreach (var durability in new[] { PostgreSqlDurability.AsConfigured, PostgreSqlDurability.FsyncOn })
        {
            await using var applied = await PostgreSqlDurability.ApplyAsync(dataSource, durability);
            var peer = new List<Sample>();
            var library = variants.ToDictionary(v => v, _ => new List<Sample>());
            for (var round = 0; round < _rounds; round++)
            {
                peer.Add(await PostgreSqlIngest.WithSchemaAsync(dataSource, schema => PeerAsync(dataSource, schema, records)));
                foreach (var variant in variants)
                {
                    library[variant].Add(await PostgreSqlIngest.WithSchemaAsync(dataSource, schema => LibraryAsync(dataSource, schema, events, variant)));
                }
            }

            var peerRate = Sample.Median(peer, s => s.Rate);
            Add("peer: autocommit INSERT jsonb, 1 caller" + applied.Label, peer, peerRate);
            foreach (var variant in variants)
            {
                Add(variant.Name + applied.Label, library[variant], peerRate);
            }
        }
    }

    private void Add(string name, List<Sample> samples, double peerRate)
    {
        var rate = Sample.Median(samples, s => s.Rate);
        report.Add(new(Scenario, $"{name}: median of {Rounds.List(samples.Select(s => s.Rate))}", rate, "events/s", RatioVsPeer: rate / peerRate));
        report.Add(new(Scenario, "  CPU per event: this process", Sample.Median(samples, s => s.ProcessMicroseconds), "us"));
        if (samples.All(s => s.MachineMicroseconds is not null))
        {
            report.Add(new(Scenario, "  CPU per event: the machine (the server included)", Sample.Median(samples, s => s.MachineMicroseconds!.Value), "us"));
        }
    }

    private static async Task<Sample> PeerAsync(NpgsqlDataSource dataSource, string schema, AuditRecord[] records)
    {
        await PeerBaseline.CreatePostgreSqlTableAsync(dataSource, schema);
        var sample = await Sample.TakeAsync(records.Length, () => PeerBaseline.WritePostgreSqlAsync(dataSource, schema, records, 1));
        var stored = await PeerBaseline.CountPostgreSqlAsync(dataSource, schema);
        return stored == records.Length
            ? sample
            : throw new InvalidOperationException($"{Scenario} (peer): expected {records.Length} rows in schema {schema}, found {stored}.");
    }

    private static async Task<Sample> LibraryAsync(NpgsqlDataSource dataSource, string schema, AuditEvent[] events, Variant variant)
    {
        if (!variant.FilterIndexes)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            foreach (var index in FilterIndexes)
            {
                await connection.ExecuteAsync($"DROP INDEX \"{schema}\".audit_events_{index}");
            }
        }

        using var host = await PostgreSqlIngest.StartAsync(dataSource, schema, AuditDeliveryMode.Durable, indexSearchInBackground: variant.SearchIndexing, pipelineWrites: variant.PipelineWrites);
        var sample = await Sample.TakeAsync(events.Length, () => IngestLoad.RunAsync(host, events, 1));
        var stored = await PostgreSqlIngest.CountAsync(dataSource, schema);
        return stored == events.Length
            ? sample
            : throw new InvalidOperationException($"{Scenario} ({variant.Name}): expected {events.Length} rows in schema {schema}, found {stored}.");
    }

    /// <summary>
    /// One round of a variant: its rate, and the CPU time per event of this process and of every process, all taken
    /// over the load alone (not the schema's creation, nor the host's start).
    /// </summary>
    private sealed record Sample(double Rate, double ProcessMicroseconds, double? MachineMicroseconds)
    {
        public static async Task<Sample> TakeAsync(int events, Func<Task<TimeSpan>> load)
        {
            using var process = Process.GetCurrentProcess();
            var processBefore = process.TotalProcessorTime;
            var machineBefore = MachineCpu.Read();
            var rate = events / (await load()).TotalSeconds;
            process.Refresh();
            var processMicroseconds = (process.TotalProcessorTime - processBefore).TotalMicroseconds / events;
            var machine = MachineCpu.BusySince(machineBefore);
            return new Sample(rate, processMicroseconds, machine is { } busy ? busy.Seconds * 1e6 / events : null);
        }

        public static double Median(List<Sample> samples, Func<Sample, double> value) => Rounds.Median(samples.Select(value));
    }
}
