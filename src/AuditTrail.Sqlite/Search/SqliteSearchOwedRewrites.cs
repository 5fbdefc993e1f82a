using System.Data.Common;
using AuditTrail.Relational;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The rows whose index entries a tombstoning owes an update (<see cref="SqliteSearchSchema.OwedTable"/>). The index file
/// is not the database, so the update cannot commit with the tombstoning: the rows are recorded in the index file before
/// it commits, the update after it removes them, and when the process stopped in between (killed, cancelled, the index
/// file locked) the next index pass makes the update. A pass reads only these rows, by key, never the whole index.
/// </summary>
/// <param name="tableName">The validated audit table name.</param>
internal sealed class SqliteSearchOwedRewrites(string tableName)
{
    /// <summary>The most owed rows one pass updates.</summary>
    public const int RowsPerPass = 500;

    private static readonly string Seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);

    private readonly string _table = "main." + SqliteAuditSqlDialect.Quote(tableName);
    private readonly string _index = SqliteSearchSchema.IndexTable(tableName);
    private readonly string _indexedThrough = SqliteSearchSchema.IndexedThroughExpression(tableName);

    /// <summary>Records <paramref name="sequences"/> as owed, in the index file's transaction <paramref name="transaction"/>.</summary>
    public async Task RecordAsync(SqliteConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        foreach (var chunk in sequences.Chunk(RowsPerPass))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {SqliteSearchSchema.OwedTable} (table_name, seq) VALUES {string.Join(", ", chunk.Select(seq => $"(@tableName, {seq})"))} ON CONFLICT DO NOTHING",
                new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Removes <paramref name="sequences"/> from the owed rows: their update is in <paramref name="transaction"/>.</summary>
    public async Task RemoveAsync(SqliteConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        foreach (var chunk in sequences.Chunk(RowsPerPass))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {SqliteSearchSchema.OwedTable} WHERE table_name = @tableName AND seq IN ({string.Join(", ", chunk)})",
                new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Updates the entries of up to <see cref="RowsPerPass"/> owed rows that are tombstoned (or purged) now, in the index
    /// file's transaction <paramref name="transaction"/>, and removes them from the owed rows. A row still whole is left
    /// owed: its tombstoning has not committed yet (its own update follows it) or was rolled back.
    /// </summary>
    public async Task UpdateAsync(SqliteConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var due = (await connection.QueryAsync<long>(new CommandDefinition(
            $"SELECT owed.seq FROM {SqliteSearchSchema.OwedTable} AS owed LEFT JOIN {_table} AS row ON row.{Seq} = owed.seq " +
            $"WHERE owed.table_name = @tableName AND (row.{Seq} IS NULL OR row.{SqliteAuditSqlDialect.Quote(AuditColumns.Tombstone)} IS NOT NULL) " +
            $"ORDER BY owed.seq LIMIT {RowsPerPass}",
            new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (due.Count == 0)
        {
            return;
        }

        await ReindexAsync(connection, transaction, due, cancellationToken).ConfigureAwait(false);
        await RemoveAsync(connection, transaction, due, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the entries of <paramref name="sequences"/> and inserts them again from what the rows hold now (rows the index has reached only).</summary>
    public async Task ReindexAsync(SqliteConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        foreach (var chunk in sequences.Chunk(RowsPerPass))
        {
            var list = string.Join(", ", chunk);
            await connection.ExecuteAsync(new CommandDefinition(
                $"DELETE FROM {_index} WHERE rowid IN ({list}) AND rowid <= {_indexedThrough}", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                SqliteSearchSchema.IndexRows(tableName, $"row.{Seq} IN ({list}) AND row.{Seq} <= {_indexedThrough}"),
                transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }
}
