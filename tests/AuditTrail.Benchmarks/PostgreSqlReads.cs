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
    /// Records per <c>WriteAsync</c> while populating: one statement and one transaction each. The default
    /// <c>MaxBatchSize</c>; larger batches are slower per row here (the batch appender's recursive linking query takes
    /// time quadratic in the batch: 40 000 rows went in at 13 700 rows/s in batches of 1 000, 7 200 of 2 000, 3 200 of 4 000).
    /// </summary>
    private const int PopulateBatch = 1000;

    private readonly string _schema = "audittrail_bench_reads_" + Guid.NewGuid().ToString("N")[..8];
    private NpgsqlDataSource? _dataSource;

    public async Task QueryAsync()
    {
        var dataSource = await PopulatedAsync();
        using var host = await PostgreSqlIngest.StartAsync(dataSource, _schema, AuditDeliveryMode.Durable);
        await runner.QueryOnAsync("query-pg", host.Services.GetRequiredService<IAuditReader>());
    }

    public async Task ExportAsync()
    {
        var dataSource = await PopulatedAsync();
        using var host = await PostgreSqlIngest.StartAsync(dataSource, _schema, AuditDeliveryMode.Durable);
        await runner.ExportOnAsync("export-pg", host.Services.GetRequiredService<IAuditReader>());
    }

    public async Task VerifyAsync()
    {
        var dataSource = await PopulatedAsync();
        await using var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = _schema, IndexSearchInBackground = false });
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

        var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        _dataSource = dataSource;
        await using (var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = _schema, IndexSearchInBackground = false }))
        {
            var clock = Stopwatch.StartNew();
            for (var start = 0; start < settings.Rows; start += PopulateBatch)
            {
                await store.WriteAsync([.. Enumerable.Range(start, Math.Min(PopulateBatch, settings.Rows - start)).Select(Data.Record)]);
            }

            var rows = await PostgreSqlIngest.CountAsync(dataSource, _schema);
            if (rows != settings.Rows)
            {
                throw new InvalidOperationException($"reads-pg: expected {settings.Rows} rows in schema {_schema} after populating, found {rows}.");
            }

            report.Add(new("setup-pg", $"populate {settings.Rows} rows via store.WriteAsync ({PopulateBatch}/batch)", settings.Rows / clock.Elapsed.TotalSeconds, "rows/s"));

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

    /// <summary>Drops the populated schema and disposes the data source.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_dataSource is null)
        {
            return;
        }

        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE");
        }
        finally
        {
            await _dataSource.DisposeAsync();
        }
    }
}
