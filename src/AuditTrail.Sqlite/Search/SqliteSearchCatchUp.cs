using System.Data.Common;
using AuditTrail.Relational;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Brings the search index of an audit table up to date with what is committed: each pass is one transaction on a
/// connection with the index file attached (<see cref="SqliteSearchFile"/>) that removes the entries of purged rows and
/// indexes up to <see cref="RowsPerTransaction"/> new rows with one <c>INSERT … SELECT</c>, after making the updates a
/// stopped tombstoning still owes (<see cref="SqliteSearchOwedRewrites"/>). It writes only the index
/// file, so it holds the index file's write lock, never the database's: the audit table's writers go on meanwhile.
/// One statement per batch matters: FTS5 writes its pending terms out as a segment whenever a statement ends, so a
/// row per statement (a trigger) costs several times more (docs/performance.md).
/// </summary>
/// <param name="tableName">The validated audit table name.</param>
/// <param name="file">Opens connections with the index file attached.</param>
internal sealed class SqliteSearchCatchUp(string tableName, SqliteSearchFile file)
{
    /// <summary>The most audit rows one indexing transaction reads.</summary>
    public const int RowsPerTransaction = 4_096;

    private static readonly string Seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);
    private static readonly string Hash = SqliteAuditSqlDialect.Quote(AuditColumns.Hash);

    private readonly string _table = SqliteAuditSqlDialect.Quote(tableName);
    private readonly string _index = SqliteSearchSchema.IndexTable(tableName);
    private readonly SqliteSearchOwedRewrites _owed = new(tableName);

    /// <summary>Passes until every row committed before the call is indexed; returns how many rows were indexed.</summary>
    /// <param name="cancellationToken">Cancels between passes (or rolls back the pass in progress); what was indexed stays.</param>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var (indexed, more) = await PassAsync(indexRows: true, cancellationToken).ConfigureAwait(false);
            total += indexed;
            if (!more)
            {
                return total;
            }
        }
    }

    /// <summary>Removes the index entries of purged rows, without indexing new ones.</summary>
    public Task RemovePurgedAsync(CancellationToken cancellationToken) => PassAsync(indexRows: false, cancellationToken);

    /// <summary>How far the index is, against the newest row of the audit table.</summary>
    public async Task<(long IndexedThrough, long Latest)> GetProgressAsync(CancellationToken cancellationToken)
    {
        var available = file.IsAvailable;
        var connection = available ? await file.OpenAsync(cancellationToken).ConfigureAwait(false) : await file.OpenDatabaseAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var indexed = available ? await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT indexed_through FROM {SqliteSearchSchema.StateTable} WHERE table_name = @tableName", new { tableName }, cancellationToken: cancellationToken)).ConfigureAwait(false) : null;
            var latest = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT max({Seq}) FROM main.{_table}", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return (indexed ?? 0, latest ?? 0);
        }
    }

    private async Task<(int Indexed, bool More)> PassAsync(bool indexRows, CancellationToken cancellationToken)
    {
        var connection = await file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Deferred, so that only the index file is locked for writing; the first statement writes to it, so the
            // state read next cannot go stale before the commit, in this process or another.
            var transaction = connection.BeginTransaction(deferred: true);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {SqliteSearchSchema.StateTable} (table_name, indexed_through, purged_through) VALUES (@tableName, 0, 0) ON CONFLICT (table_name) DO NOTHING",
                    new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var state = await connection.QuerySingleOrDefaultAsync<State>(new CommandDefinition(
                    $"SELECT indexed_through AS IndexedThrough, purged_through AS PurgedThrough FROM {SqliteSearchSchema.StateTable} WHERE table_name = @tableName",
                    new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? new State();
                var anchor = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    $"SELECT anchor_seq FROM main.{SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} WHERE table_name = @tableName",
                    new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

                // First, while the state is still the one committed: the update a tombstoning stopped before owes.
                await _owed.UpdateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await RemovePurgedAsync(connection, transaction, state, anchor, cancellationToken).ConfigureAwait(false);
                var (indexed, more) = indexRows ? await IndexNewRowsAsync(connection, transaction, state, cancellationToken).ConfigureAwait(false) : (0, false);

                await connection.ExecuteAsync(new CommandDefinition(
                    $"UPDATE {SqliteSearchSchema.StateTable} SET indexed_through = @IndexedThrough, purged_through = @PurgedThrough, " +
                    $"indexed_through_hash = (SELECT row.{Hash} FROM main.{_table} AS row WHERE row.{Seq} = @IndexedThrough) WHERE table_name = @tableName",
                    new { tableName, state.IndexedThrough, state.PurgedThrough }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (indexed, more);
            }
        }
    }

    /// <summary>Deletes the entries of rows purged since the last pass (up to the retention anchor), and moves the state past them.</summary>
    private async Task RemovePurgedAsync(SqliteConnection connection, DbTransaction transaction, State state, long anchor, CancellationToken cancellationToken)
    {
        if (anchor <= state.PurgedThrough)
        {
            return;
        }

        var removeThrough = Math.Min(anchor, state.IndexedThrough);
        if (removeThrough > state.PurgedThrough)
        {
            // A contentless table deletes by rowid only: one rowid per purged sequence number.
            await connection.ExecuteAsync(new CommandDefinition(
                "WITH RECURSIVE purged(rowid) AS (SELECT @after + 1 UNION ALL SELECT rowid + 1 FROM purged WHERE rowid < @through) " +
                $"DELETE FROM {_index} WHERE rowid IN (SELECT rowid FROM purged)",
                new { after = state.PurgedThrough, through = removeThrough }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        state.PurgedThrough = anchor;
        state.IndexedThrough = Math.Max(state.IndexedThrough, anchor);
    }

    /// <summary>Indexes the next <see cref="RowsPerTransaction"/> rows after the index's end, or the rest; tells whether more remain.</summary>
    private async Task<(int Indexed, bool More)> IndexNewRowsAsync(SqliteConnection connection, DbTransaction transaction, State state, CancellationToken cancellationToken)
    {
        // The last row of this pass: the RowsPerTransaction-th after the index's end, or the newest one.
        var through = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT {Seq} FROM main.{_table} WHERE {Seq} > @after ORDER BY {Seq} LIMIT 1 OFFSET @offset",
            new { after = state.IndexedThrough, offset = RowsPerTransaction - 1 }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var more = through is not null;
        through ??= await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"SELECT max({Seq}) FROM main.{_table} WHERE {Seq} > @after",
            new { after = state.IndexedThrough }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (through is not { } last)
        {
            return (0, false);
        }

        var indexed = await connection.ExecuteAsync(new CommandDefinition(
            SqliteSearchSchema.IndexRows(tableName, $"row.{Seq} > @after AND row.{Seq} <= @through"),
            new { after = state.IndexedThrough, through = last }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        state.IndexedThrough = last;
        return (indexed, more);
    }

    /// <summary>The index's row of <see cref="SqliteSearchSchema.StateTable"/>.</summary>
    private sealed class State
    {
        public long IndexedThrough { get; set; }

        public long PurgedThrough { get; set; }
    }
}
