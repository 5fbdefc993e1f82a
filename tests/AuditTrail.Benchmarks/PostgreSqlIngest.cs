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

    /// <summary>Whether PGHOST names a server.</summary>
    public static bool IsConfigured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("PGHOST"));

    private static string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = Environment.GetEnvironmentVariable("PGHOST"),
        Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) ? port : 5432,
        Username = Environment.GetEnvironmentVariable("PGUSER"),
        Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
        Database = Environment.GetEnvironmentVariable("PGDATABASE") ?? "postgres",
    }.ToString();

    public async Task RunAsync(AuditEvent[] events, AuditRecord[] records)
    {
        var n = records.Length;
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);

        var limit = n / (await WithSchemaAsync(dataSource, schema => LimitAsync(dataSource, schema, records))).TotalSeconds;
        report.Add(new(Scenario, "limit: raw prepared INSERT + chain, 1000/tx", limit, "events/s", 1));
        var naive = n / (await WithSchemaAsync(dataSource, schema => NaiveAsync(dataSource, schema, records))).TotalSeconds;
        report.Add(new(Scenario, $"naive: Dapper INSERT, 1 tx/event ({n} ev)", naive, "events/s", naive / limit, 1));

        var buffered = await WithSchemaAsync(dataSource, schema => LibraryAsync(dataSource, schema, events, AuditDeliveryMode.Buffered, 1));
        report.Add(new(Scenario, "library buffered, 1 caller, Security fail-open", buffered, "events/s", buffered / limit, buffered / naive));
        foreach (var callers in new[] { 16, 64 })
        {
            var durable = await WithSchemaAsync(dataSource, schema => LibraryAsync(dataSource, schema, events, AuditDeliveryMode.Durable, callers));
            report.Add(new(Scenario, $"library durable, {callers} callers ({n} ev)", durable, "events/s", durable / limit, durable / naive));
        }
    }

    private static async Task<T> WithSchemaAsync<T>(NpgsqlDataSource dataSource, Func<string, Task<T>> measure)
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

    private static async Task<long> CountAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{schema}\".audit_events");
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

    private static async Task<double> LibraryAsync(NpgsqlDataSource dataSource, string schema, AuditEvent[] events, AuditDeliveryMode mode, int callers)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o =>
        {
            o.DeliveryMode = mode;
            o.RecordLifecycleEvents = false;
            o.FailurePolicyByActionType[AuditActionType.Security] = AuditFailurePolicy.FailOpen;
            o.Spool.Directory = Path.Combine(Path.GetTempPath(), schema + ".spool");
        }).UseNpgsql(dataSource, o => o.Schema = schema);
        using var host = builder.Build();
        await host.StartAsync();
        var elapsed = await IngestLoad.RunAsync(host, events, callers);
        await ExpectRowsAsync(dataSource, schema, events.Length, $"PostgreSQL {mode} ingest with {callers} callers");
        return events.Length / elapsed.TotalSeconds;
    }
}
