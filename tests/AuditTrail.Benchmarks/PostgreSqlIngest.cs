using System.Diagnostics;
using System.Globalization;
using AuditTrail.PostgreSql;
using AuditTrail.Relational;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The ingest scenario on PostgreSQL, run when the PG* variables name a server (as <c>pg_virtualenv</c> sets them):
/// the same limit, naive and library measurements as on SQLite, each in a fresh schema that the library itself
/// created (table, indexes, pg_trgm GIN index), dropped afterwards.
/// </summary>
internal sealed class PostgreSqlIngest(Report report)
{
    private const string Scenario = "ingest-pg";

    /// <summary>
    /// An experiment's setting of <see cref="AuditTrailOptions.GroupCommitWait"/> in milliseconds for every PostgreSQL
    /// host of the run, writer processes included (they inherit the environment); unset, the default.
    /// </summary>
    private const string GroupCommitWaitVariable = "AUDITTRAIL_BENCH_GROUP_COMMIT_WAIT_MS";

    /// <summary>Whether PGHOST names a server.</summary>
    public static bool IsConfigured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGHOST"));

    /// <summary>The most warm-up rounds of the one-caller path (the one-row statement), after the 64-caller rounds; a round takes about a second.</summary>
    private const int OneCallerWarmUpRounds = 10;

    internal static string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Environment.GetEnvironmentVariable("PGHOST"),
        Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : 5432,
        Username = Environment.GetEnvironmentVariable("PGUSER"),
        Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
        Database = Environment.GetEnvironmentVariable("PGDATABASE") ?? "postgres",
    }.ToString();

    /// <summary>What a PostgreSQL failure says, with the server the PG* variables name (no password).</summary>
    internal static string Describe(NpgsqlException exception)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port} (PGHOST, PGPORT), database {builder.Database}, user {builder.Username}: {exception.Message}{(exception.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty)}";
    }

    public async Task RunAsync(AuditEvent[] events, AuditRecord[] records, bool quick)
    {
        var n = records.Length;
        var serial = Math.Min(n, quick ? 200 : 5000);
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);

        // Not reported: the limit's code run once on a few rows, as on SQLite, so that the limit is not timed cold.
        await WithSchemaAsync(dataSource, schema => LimitAsync(dataSource, schema, records[..Math.Min(n, 200)]));
        var limit = n / (await WithSchemaAsync(dataSource, schema => LimitAsync(dataSource, schema, records))).TotalSeconds;
        report.Add(new(Scenario, "limit: raw prepared INSERT + chain, 1000/tx", limit, "events/s", 1));
        var naive = n / (await WithSchemaAsync(dataSource, schema => NaiveAsync(dataSource, schema, records))).TotalSeconds;
        report.Add(new(Scenario, $"naive: Dapper INSERT, 1 tx/event ({n} ev)", naive, "events/s", naive / limit, 1));

        // Not reported: the library's write path compiled to its final tier before it is timed, as in an application
        // that has been running for a while (the writer processes warm up the same way), and the peer's code run once.
        var warmUpRounds = quick ? 1 : PostgreSqlWarmUp.MaxRounds;
        await PostgreSqlWarmUp.RunAsync(dataSource, 64, warmUpRounds);
        await PostgreSqlWarmUp.RunAsync(dataSource, 1, Math.Min(warmUpRounds, OneCallerWarmUpRounds));
        await WithSchemaAsync(dataSource, schema => PeerBaseline.PostgreSqlAsync(dataSource, schema, records[..serial], 1));

        // The cluster as it is (pg_virtualenv turns fsync off), then with every commit flushed to disk.
        foreach (var durability in new[] { PostgreSqlDurability.AsConfigured, PostgreSqlDurability.FsyncOn })
        {
            await using var settings = await PostgreSqlDurability.ApplyAsync(dataSource, durability);
            var suffix = settings.Label;
            if (durability == PostgreSqlDurability.FsyncOn)
            {
                // The limit and the naive baseline flush their commits only now: the ratios of this pass are against them.
                limit = n / (await WithSchemaAsync(dataSource, schema => LimitAsync(dataSource, schema, records))).TotalSeconds;
                report.Add(new(Scenario, $"limit: raw prepared INSERT + chain, 1000/tx{suffix}", limit, "events/s", 1));
                naive = serial / (await WithSchemaAsync(dataSource, schema => NaiveAsync(dataSource, schema, records[..serial]))).TotalSeconds;
                report.Add(new(Scenario, $"naive: Dapper INSERT, 1 tx/event ({serial} ev){suffix}", naive, "events/s", naive / limit, 1));
            }
            var peer1 = await WithSchemaAsync(dataSource, schema => PeerBaseline.PostgreSqlAsync(dataSource, schema, records[..serial], 1));
            report.Add(new(Scenario, $"peer: autocommit INSERT jsonb, 1 caller ({serial} ev){suffix}", peer1, "events/s", peer1 / limit, RatioVsPeer: 1));
            var peer64 = await WithSchemaAsync(dataSource, schema => PeerBaseline.PostgreSqlAsync(dataSource, schema, records, 64));
            report.Add(new(Scenario, $"peer: autocommit INSERT jsonb, 64 callers{suffix}", peer64, "events/s", peer64 / limit, RatioVsPeer: 1));

            var durable1 = await WithSchemaAsync(dataSource, schema => LibraryAsync(dataSource, schema, events[..serial], AuditDeliveryMode.Durable, 1));
            report.Add(new(Scenario, $"library durable, 1 caller ({serial} ev){suffix}", durable1, "events/s", durable1 / limit, durable1 / naive, durable1 / peer1));
            var (durable64, indexed64) = await WithSchemaAsync(dataSource, schema => LibraryIndexedAsync(dataSource, schema, events, AuditDeliveryMode.Durable, 64));
            report.Add(new(Scenario, $"library durable, 64 callers{suffix}", durable64, "events/s", durable64 / limit, durable64 / naive, durable64 / peer64));
            report.Add(new(Scenario, "  the same, until the search index covers every event", indexed64, "events/s", indexed64 / limit, indexed64 / naive, indexed64 / peer64));
            var buffered64 = await WithSchemaAsync(dataSource, schema => LibraryAsync(dataSource, schema, events, AuditDeliveryMode.Buffered, 64));
            report.Add(new(Scenario, $"library buffered, 64 callers{suffix}", buffered64, "events/s", buffered64 / limit, buffered64 / naive, buffered64 / peer64));
            // Many instances: one chain shared by every process (the product), and a chain per process (the upper bound of
            // chaining per writer, with no chain lock shared), each beside how busy the machine's cores were.
            var (single, singleProfile) = await WithSchemaAsync(dataSource, schema => PostgreSqlWriterProcesses.RunAsync(dataSource, schema, n, 1, 64, warmUpRounds));
            report.Add(new(Scenario, $"library durable, 1 process x 64 callers{suffix}", single, "events/s", single / limit, single / naive, single / peer64));
            ReportProfile(singleProfile);
            foreach (var processes in new[] { 2, 4 })
            {
                // The peer from as many processes: what this machine gives the simplest design with that many.
                var callers = 64 / processes;
                var (peerShared, peerProfile) = await WithSchemaAsync(dataSource, schema => PostgreSqlWriterProcesses.RunAsync(dataSource, schema, n, processes, callers, warmUpRounds, PostgreSqlWriterProcesses.Writers.Peer));
                report.Add(new(Scenario, $"peer: autocommit INSERT jsonb, {processes} processes x {callers} callers{suffix}", peerShared, "events/s", peerShared / limit, RatioVsPeer: peerShared / peer64));
                ReportProfile(peerProfile);
                foreach (var writers in new[] { PostgreSqlWriterProcesses.Writers.SharedChain, PostgreSqlWriterProcesses.Writers.ChainEach })
                {
                    var (shared, profile) = await WithSchemaAsync(dataSource, schema => PostgreSqlWriterProcesses.RunAsync(dataSource, schema, n, processes, callers, warmUpRounds, writers));
                    var what = writers == PostgreSqlWriterProcesses.Writers.ChainEach ? ", a chain each (prototype bound)" : string.Empty;
                    report.Add(new(Scenario, $"library durable, {processes} processes x {callers} callers{what}{suffix}", shared, "events/s", shared / limit, shared / naive, shared / peer64));
                    report.Add(new(Scenario, "  the same against 1 process x 64 callers", shared / single, "x"));
                    report.Add(new(Scenario, $"  the same against the peer in {processes} processes x {callers} callers", shared / peerShared, "x"));
                    ReportProfile(profile);
                }
            }
        }
    }

    private void ReportProfile(PostgreSqlWriterProcesses.Profile profile)
    {
        if (profile.CoresBusyPercent is { } percent)
        {
            report.Add(new(Scenario, "  machine's cores busy meanwhile (every process)", percent, "%"));
        }

        report.Add(new(Scenario, "  CPU per event: the writer processes", profile.WritersMicrosecondsPerEvent, "us"));
        if (profile.OthersMicrosecondsPerEvent is { } others)
        {
            report.Add(new(Scenario, "  CPU per event: every other process (the server, the harness)", others, "us"));
        }

        report.Add(new(Scenario, "  events per transaction", profile.EventsPerTransaction, "events"));
    }

    /// <summary>Runs <paramref name="measure"/> on a new store in a schema of its own, dropped afterwards.</summary>
    internal static async Task<T> WithSchemaAsync<T>(NpgsqlDataSource dataSource, Func<string, Task<T>> measure)
    {
        var schema = "audittrail_bench_" + Guid.NewGuid().ToString("N")[..8];
        await using (var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = schema }))
        {
            await store.InitializeAsync();
        }

        try
        {
            return await measure(schema);
        }
        finally
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP SCHEMA \"{schema}\" CASCADE");
        }
    }

    internal static async Task<long> CountAsync(NpgsqlDataSource dataSource, string schema, string table = "audit_events")
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".{table}");
    }

    private static async Task ExpectRowsAsync(NpgsqlDataSource dataSource, string schema, long expected, string what)
    {
        var actual = await CountAsync(dataSource, schema);
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected} rows in schema {schema}, found {actual}.");
        }
    }

    /// <summary>The stored columns (AuditColumns.Data order) as PostgreSQL types: uuid, timestamptz, text, jsonb.</summary>
    private static object?[] Columns(AuditRecord record)
    {
        var sqlite = Data.Columns(record);
        sqlite[0] = record.Id;
        sqlite[1] = record.OccurredAt.UtcDateTime;
        sqlite[2] = record.RecordedAt.UtcDateTime;
        return sqlite;
    }

    private static NpgsqlDbType TypeOf(string column) => column switch
    {
        AuditColumns.Seq => NpgsqlDbType.Bigint,
        AuditColumns.Id => NpgsqlDbType.Uuid,
        AuditColumns.OccurredAt or AuditColumns.RecordedAt => NpgsqlDbType.TimestampTz,
        AuditColumns.Changes or AuditColumns.Metadata => NpgsqlDbType.Jsonb,
        AuditColumns.Hash => NpgsqlDbType.Bytea,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>As on SQLite: one prepared INSERT re-bound per row, 1000 rows per transaction, sequence and hash chain computed.</summary>
    private static async Task<TimeSpan> LimitAsync(NpgsqlDataSource dataSource, string schema, AuditRecord[] records)
    {
        var columns = records.Select(Columns).ToArray();
        var names = AuditColumns.Inserted;
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO \"{schema}\".audit_events ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "$" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
        var parameters = names.Select(name => command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = TypeOf(name), Value = DBNull.Value })).ToArray();

        var clock = Stopwatch.StartNew();
        var previous = AuditChain.GenesisHash.ToArray();
        for (var start = 0; start < records.Length; start += Baselines.LimitRowsPerTransaction)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            command.Transaction = transaction;
            await command.PrepareAsync();
            for (var r = start; r < Math.Min(records.Length, start + Baselines.LimitRowsPerTransaction); r++)
            {
                long sequence = r + 1;
                parameters[0].Value = sequence;
                for (var c = 0; c < columns[r].Length; c++)
                {
                    parameters[c + 1].Value = columns[r][c] ?? DBNull.Value;
                }

                previous = AuditChain.ComputeHash(previous, sequence, records[r]);
                parameters[^1].Value = previous;
                await command.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var elapsed = clock.Elapsed;
        await ExpectRowsAsync(dataSource, schema, records.Length, "PostgreSQL limit");
        return elapsed;
    }

    /// <summary>As on SQLite: Dapper INSERT per event in its own transaction; here the sequence is a plain counter (the library's schema has no identity since v2).</summary>
    private static async Task<TimeSpan> NaiveAsync(NpgsqlDataSource dataSource, string schema, AuditRecord[] records)
    {
        var names = AuditColumns.Inserted.Take(AuditColumns.Inserted.Count - 1).ToArray();
        var sql = $"INSERT INTO \"{schema}\".audit_events ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(name => "@" + name + (TypeOf(name) == NpgsqlDbType.Jsonb ? "::jsonb" : string.Empty)))})";
        await using var connection = await dataSource.OpenConnectionAsync();

        var clock = Stopwatch.StartNew();
        for (var r = 0; r < records.Length; r++)
        {
            var values = Columns(records[r]);
            var args = new DynamicParameters();
            args.Add(AuditColumns.Seq, (long)r + 1);
            for (var c = 0; c < values.Length; c++)
            {
                args.Add(names[c + 1], values[c]);
            }

            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(sql, args, transaction);
            await transaction.CommitAsync();
        }

        var elapsed = clock.Elapsed;
        await ExpectRowsAsync(dataSource, schema, records.Length, "PostgreSQL naive");
        return elapsed;
    }

    /// <summary>Events per second until every event is committed; <paramref name="pipelineWrites"/> is <see cref="AuditTrailOptions.PipelineWrites"/>.</summary>
    internal static async Task<double> LibraryAsync(NpgsqlDataSource dataSource, string schema, AuditEvent[] events, AuditDeliveryMode mode, int callers, bool pipelineWrites = true) =>
        (await LibraryIndexedAsync(dataSource, schema, events, mode, callers, pipelineWrites)).Committed;

    /// <summary>
    /// Events per second until every event is committed (what callers wait for), and until every event is also in the
    /// search index (filled in the background during the load, then brought up to date).
    /// </summary>
    private static async Task<(double Committed, double Indexed)> LibraryIndexedAsync(
        NpgsqlDataSource dataSource, string schema, AuditEvent[] events, AuditDeliveryMode mode, int callers, bool pipelineWrites = true)
    {
        using var host = await StartAsync(dataSource, schema, mode, pipelineWrites: pipelineWrites);
        var store = (PostgreSqlAuditStore)host.Services.GetRequiredService<IAuditStore>();
        var clock = Stopwatch.StartNew();
        var committed = await IngestLoad.RunAsync(host, events, callers);
        await store.UpdateSearchIndexAsync();
        var indexed = clock.Elapsed;
        await ExpectRowsAsync(dataSource, schema, events.Length, $"PostgreSQL {mode} ingest with {callers} callers");
        var searchRows = await CountAsync(dataSource, schema, "audit_events_search_rows");
        if (searchRows != events.Length)
        {
            throw new InvalidOperationException($"PostgreSQL {mode} ingest with {callers} callers: the search index holds {searchRows} of {events.Length} rows.");
        }

        return (events.Length / committed.TotalSeconds, events.Length / indexed.TotalSeconds);
    }

    /// <summary>A started host whose audit trail writes to <paramref name="schema"/>, its search index filled in the background unless <paramref name="indexSearchInBackground"/> is false; Security events fail open, as in the SQLite rows.</summary>
    internal static async Task<IHost> StartAsync(
        NpgsqlDataSource dataSource, string schema, AuditDeliveryMode mode, bool partitioned = false, bool indexSearchInBackground = true, bool pipelineWrites = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o =>
        {
            o.DeliveryMode = mode;
            o.PipelineWrites = pipelineWrites;
            o.RecordLifecycleEvents = false;
            o.FailurePolicyByActionType[AuditActionType.Security] = AuditFailurePolicy.FailOpen;
            o.Spool.Directory = BenchmarkSpool.For(schema);
            if (Environment.GetEnvironmentVariable(GroupCommitWaitVariable) is { Length: > 0 } wait)
            {
                o.GroupCommitWait = TimeSpan.FromMilliseconds(double.Parse(wait, CultureInfo.InvariantCulture));
            }
        }).UseNpgsql(dataSource, o =>
        {
            o.Schema = schema;
            o.Partitioning = partitioned ? new PostgreSqlPartitioningOptions() : null;
            o.IndexSearchInBackground = indexSearchInBackground;
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
