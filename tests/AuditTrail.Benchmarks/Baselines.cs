using System.Diagnostics;
using AuditTrail.Relational;
using AuditTrail.Sqlite;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The two baselines, on a file whose schema (table, indexes, the append-only trigger) the library itself created,
/// with the same pragmas the store applies by default (WAL, synchronous = FULL, busy timeout, and a checkpoint every
/// <see cref="SqliteAuditStoreOptions.DefaultWalCheckpointPages"/> pages). The search index is filled after
/// commits, in transactions of its own, so neither baseline writes it.
/// </summary>
internal static class Baselines
{
    public const int LimitRowsPerTransaction = 1000;

    /// <summary>Creates an empty store file with the library's schema (its search index included); returns the store (indexing only when asked).</summary>
    public static async Task<SqliteAuditStore> CreateSchemaAsync(string path)
    {
        var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = path, IndexSearchInBackground = false });
        await store.InitializeAsync();
        return store;
    }

    public static async Task<SqliteConnection> OpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            $"PRAGMA busy_timeout = 5000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {SqliteAuditStoreOptions.DefaultWalCheckpointPages};");
        var mode = await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The baseline could not switch {path} to WAL (it is in '{mode}').");
        }

        return connection;
    }

    /// <summary>
    /// What the store adds to each write transaction (schema v15): the activity chart's two rollups counted from the
    /// transaction's rows, one grouped upsert each (the benchmark's times are after 1970, so the hour is a plain division).
    /// </summary>
    private const string RollupCounts =
        "INSERT INTO audit_events_hourly (hour, action_type, tenant_id, count) " +
        "SELECT occurred_at / 3600000000, action_type, COALESCE(tenant_id, ''), COUNT(*) FROM audit_events WHERE seq BETWEEN @first AND @last GROUP BY 1, 2, 3 " +
        "ON CONFLICT (hour, action_type, tenant_id) DO UPDATE SET count = count + excluded.count; " +
        "INSERT INTO audit_events_hourly_user (user_id, about, hour, action_type, tenant_id, count) " +
        "SELECT actor_id, 0, occurred_at / 3600000000, action_type, COALESCE(tenant_id, ''), COUNT(*) FROM audit_events WHERE seq BETWEEN @first AND @last GROUP BY 1, 2, 3, 4, 5 " +
        "ON CONFLICT (user_id, about, hour, action_type, tenant_id) DO UPDATE SET count = count + excluded.count; " +
        "INSERT INTO audit_events_hourly_user (user_id, about, hour, action_type, tenant_id, count) " +
        "SELECT target_user_id, 1, occurred_at / 3600000000, action_type, COALESCE(tenant_id, ''), COUNT(*) FROM audit_events " +
        "WHERE seq BETWEEN @first AND @last AND target_user_id IS NOT NULL AND target_user_id IS NOT actor_id GROUP BY 1, 2, 3, 4, 5 " +
        "ON CONFLICT (user_id, about, hour, action_type, tenant_id) DO UPDATE SET count = count + excluded.count;";

    /// <summary>
    /// The limit: one prepared INSERT of every stored column, re-bound per row, 1000 rows per BEGIN IMMEDIATE
    /// transaction, each ending with the rollup counts the store adds, no library code. With <paramref name="chain"/> each row also gets its sequence number and
    /// AuditChain.ComputeHash link, exactly the per-row work the store must do; without, the hash column is NULL.
    /// The column values are encoded before the clock starts (the library encodes inside the measurement).
    /// </summary>
    /// <remarks>
    /// With <paramref name="search"/> the time also covers building the search index of the rows afterwards
    /// (<see cref="SqliteAuditStore.UpdateSearchIndexAsync"/>): not a baseline, but what the index costs per row.
    /// </remarks>
    /// <param name="path">A new file.</param>
    /// <param name="records">The rows.</param>
    /// <param name="chain">Whether to compute and store the hash chain.</param>
    /// <param name="search">Whether to build the search index after the inserts, inside the measurement.</param>
    /// <param name="rowsPerTransaction">Rows per transaction: <see cref="LimitRowsPerTransaction"/> for the limit; smaller to
    /// see what a transaction of the size concurrent durable callers form costs per row.</param>
    public static async Task<TimeSpan> LimitAsync(string path, IReadOnlyList<AuditRecord> records, bool chain, bool search = false, int rowsPerTransaction = LimitRowsPerTransaction)
    {
        var store = await CreateSchemaAsync(path);
        var columns = records.Select(Data.Columns).ToArray();
        await using var connection = await OpenAsync(path);
        var names = AuditColumns.Inserted;
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO audit_events ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "@" + n))})";
        var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter("@" + n, DBNull.Value))).ToArray();
        await using var rollups = connection.CreateCommand();
        rollups.CommandText = RollupCounts;
        rollups.Parameters.Add(new SqliteParameter("@first", 0L));
        rollups.Parameters.Add(new SqliteParameter("@last", 0L));

        var clock = Stopwatch.StartNew();
        var previous = AuditChain.GenesisHash.ToArray();
        for (var start = 0; start < records.Count; start += rowsPerTransaction)
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            command.Transaction = transaction;
            command.Prepare();
            var end = Math.Min(records.Count, start + rowsPerTransaction);
            for (var r = start; r < end; r++)
            {
                long sequence = r + 1;
                parameters[0].Value = sequence;
                var row = columns[r];
                for (var c = 0; c < row.Length; c++)
                {
                    parameters[c + 1].Value = row[c] ?? DBNull.Value;
                }

                if (chain)
                {
                    previous = AuditChain.ComputeHash(previous, sequence, records[r]);
                    parameters[^1].Value = previous;
                }
                else
                {
                    parameters[^1].Value = DBNull.Value;
                }

                await command.ExecuteNonQueryAsync();
            }

            rollups.Transaction = transaction;
            rollups.Parameters["@first"].Value = start + 1L;
            rollups.Parameters["@last"].Value = (long)end;
            await rollups.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        if (search)
        {
            await store.UpdateSearchIndexAsync();
        }

        await store.DisposeAsync();
        return clock.Elapsed;
    }

    /// <summary>
    /// The naive alternative, as hand-written audit code does it: Dapper INSERT per event, each in its own
    /// transaction (so one synced commit per event), sequence assigned by SQLite, no hash chain.
    /// </summary>
    public static async Task<TimeSpan> NaiveAsync(string path, IReadOnlyList<AuditRecord> records)
    {
        await (await CreateSchemaAsync(path)).DisposeAsync();
        var columns = AuditColumns.Data;
        var sql = $"INSERT INTO audit_events ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(n => "@" + n))})";
        await using var connection = await OpenAsync(path);

        var clock = Stopwatch.StartNew();
        foreach (var record in records)
        {
            var values = Data.Columns(record);
            var args = new DynamicParameters();
            for (var c = 0; c < columns.Count; c++)
            {
                args.Add(columns[c], values[c]);
            }

            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(sql, args, transaction);
            await transaction.CommitAsync();
        }

        return clock.Elapsed;
    }
}
