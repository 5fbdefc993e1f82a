using System.Diagnostics;
using AuditTrail.PostgreSql;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The query, export and verify scenarios on PostgreSQL (issue 24), run when the PG* variables name a server (as
/// <c>pg_virtualenv</c> sets them): the cases of <see cref="Scenarios"/>, with their labels, under the scenario names
/// <c>query-pg</c>, <c>export-pg</c> and <c>verify-pg</c>, over a schema that holds the same <see cref="Data.Record"/>
/// rows as the SQLite store. The schema is populated once per run, through the store's batch path, its search index
/// brought up to date and its tables vacuumed and analyzed, and dropped when the run ends.
/// </summary>
internal sealed class PostgreSqlReads(Settings settings, Report report, Scenarios runner) : IAsyncDisposable
{
    /// <summary>The scenario that runs all three on PostgreSQL alone.</summary>
    public const string Scenario = "reads-pg";

    /// <summary>
    /// Records per <c>WriteAsync</c> while populating: one statement and one transaction each. The batch appender links
    /// a batch in time linear in its size (it was quadratic before: 40 000 rows went in at 13 700 rows/s in batches of
    /// 1 000 and 3 200 of 4 000), so a larger batch than the default <c>MaxBatchSize</c> fills 10 M rows sooner.
    /// </summary>
    private const int PopulateBatch = 5000;

    /// <summary>The command timeout of the read scenarios' connections, in seconds.</summary>
    private const int ExactCountTimeoutSeconds = 600;

    private readonly string _schema = settings.PgSchema ?? "audittrail_bench_reads_" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource? _dataSource;

    public async Task QueryAsync()
    {
        var dataSource = await PopulatedAsync();
        using var host = await PostgreSqlIngest.StartAsync(dataSource, _schema, AuditDeliveryMode.Durable, settings.PgPartitioned);
        await runner.QueryOnAsync("query-pg", host.Services.GetRequiredService<IAuditReader>());
    }

    public async Task ExportAsync()
    {
        var dataSource = await PopulatedAsync();
        using var host = await PostgreSqlIngest.StartAsync(dataSource, _schema, AuditDeliveryMode.Durable, settings.PgPartitioned);
        await runner.ExportOnAsync("export-pg", host.Services.GetRequiredService<IAuditReader>());
    }

    public async Task VerifyAsync()
    {
        var dataSource = await PopulatedAsync();
        await using var store = new PostgreSqlAuditStore(dataSource, Options());
        await runner.VerifyOnAsync("verify-pg", store);
    }

    /// <summary>The data source of the populated schema, populating it on first use.</summary>
    private async Task<NpgsqlDataSource> PopulatedAsync()
    {
        if (_dataSource is not null)
        {
            return _dataSource;
        }

        if (!PostgreSqlIngest.IsConfigured)
        {
            throw new InvalidOperationException("the PostgreSQL read scenarios need a server: PGHOST is not set (run under pg_virtualenv).");
        }

        // An exact count of a frequent term at 10 M rows reads millions of rows: longer than Npgsql's default 30 s.
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(PostgreSqlIngest.ConnectionString) { CommandTimeout = ExactCountTimeoutSeconds }.ToString());
        _dataSource = dataSource;
        if (settings.PgSchema is not null && await HoldsTheRowsAsync(dataSource) && await HoldsTheRowsAsync(dataSource, "audit_events_search_rows"))
        {
            report.Add(new("setup-pg", $"schema {_schema} reused ({settings.Rows} rows{(settings.PgPartitioned ? ", partitioned" : string.Empty)})", settings.Rows, "rows"));
            return dataSource;
        }

        // A kept schema whose table holds the run's rows goes on from there (a run cut short after loading them);
        // one that holds other rows (another --rows, or a load cut short) starts over.
        var loaded = settings.PgSchema is not null && await HoldsTheRowsAsync(dataSource);
        if (settings.PgSchema is not null && !loaded)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }

        // The partitioned layout is reached as an existing store reaches it: written plain, then converted, which gives
        // each month of the records (one a second from Data.Start) a partition of its own.
        await using (var loader = new PostgreSqlAuditStore(dataSource, Options(partitioned: false)))
        {
            var clock = Stopwatch.StartNew();
            for (var start = 0; !loaded && start < settings.Rows; start += PopulateBatch)
            {
                await loader.WriteAsync([.. Enumerable.Range(start, Math.Min(PopulateBatch, settings.Rows - start)).Select(Data.Record)]);
            }

            var rows = await PostgreSqlIngest.CountAsync(dataSource, _schema);
            if (rows != settings.Rows)
            {
                throw new InvalidOperationException($"reads-pg: expected {settings.Rows} rows in schema {_schema} after populating, found {rows}.");
            }

            report.Add(loaded
                ? new("setup-pg", $"schema {_schema}: its {rows} rows reused", rows, "rows")
                : new("setup-pg", $"populate {settings.Rows} rows via store.WriteAsync ({PopulateBatch}/batch)", settings.Rows / clock.Elapsed.TotalSeconds, "rows/s"));
        }

        await using (var store = new PostgreSqlAuditStore(dataSource, Options()))
        {
            var clock = Stopwatch.StartNew();
            await store.InitializeAsync();
            if (settings.PgPartitioned)
            {
                report.Add(new("setup-pg", $"converted to the partitioned layout ({await PartitionsAsync(dataSource)} partitions)", clock.Elapsed.TotalSeconds, "s"));
            }

            // Search is measured on a caught-up index, as on SQLite; rows above it would be searched in the audit table.
            clock.Restart();
            var indexed = await store.UpdateSearchIndexAsync();
            var searchRows = await PostgreSqlIngest.CountAsync(dataSource, _schema, "audit_events_search_rows");
            if (indexed != settings.Rows || searchRows != settings.Rows)
            {
                throw new InvalidOperationException($"reads-pg: the search index took {indexed} rows and holds {searchRows}; expected {settings.Rows}.");
            }

            report.Add(new("setup-pg", $"search index of {indexed} rows built by UpdateSearchIndexAsync", indexed / clock.Elapsed.TotalSeconds, "rows/s"));
        }

        // Planner statistics, and the visibility map that index-only scans need: what autovacuum gives a table that
        // has been written for a while (an insert-only table is vacuumed too since PostgreSQL 13).
        var vacuum = Stopwatch.StartNew();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"VACUUM (ANALYZE) \"{_schema}\".audit_events, \"{_schema}\".audit_events_search_rows", commandTimeout: 0);

            // The pages that populating and vacuuming dirtied are written now rather than by a checkpoint during the
            // first timed case. A role without the right (superuser, or pg_checkpoint) leaves it to the server.
            try
            {
                // Dapper would take a command without a space for a procedure's name.
                await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 };
                await checkpoint.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                Console.Error.WriteLine("reads-pg: CHECKPOINT not allowed for this role; the first timed case may share the disk with one.");
            }
        }

        report.Add(new("setup-pg", "VACUUM (ANALYZE) of the table and the search table, CHECKPOINT", vacuum.Elapsed.TotalSeconds, "s"));
        return dataSource;
    }

    private PostgreSqlAuditStoreOptions Options(bool? partitioned = null) => new()
    {
        Schema = _schema,
        IndexSearchInBackground = false,
        Partitioning = partitioned ?? settings.PgPartitioned ? new PostgreSqlPartitioningOptions() : null,
    };

    private async Task<long> PartitionsAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = to_regclass(@table)", new { table = $"\"{_schema}\".audit_events" });
    }

    /// <summary>Whether the kept schema's <paramref name="table"/> holds the run's rows.</summary>
    private async Task<bool> HoldsTheRowsAsync(NpgsqlDataSource dataSource, string table = "audit_events")
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table = $"\"{_schema}\".{table}" })
            && await PostgreSqlIngest.CountAsync(dataSource, _schema, table) == settings.Rows;
    }

    /// <summary>Drops the populated schema (unless kept with <c>--pg-schema</c>) and disposes the data source.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is null)
        {
            return;
        }

        try
        {
            if (settings.PgSchema is null)
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
            }
        }
        finally
        {
            await _dataSource.DisposeAsync();
        }
    }
}
