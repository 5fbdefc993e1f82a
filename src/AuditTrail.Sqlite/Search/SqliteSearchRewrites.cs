using AuditTrail.Relational;
using Dapper;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Gives the search index the text of rows rewritten in place (tombstoned or erased): their entries are deleted and,
/// from what the rows hold now, inserted again, in one transaction of the index file. Rows the index has not reached
/// yet are left to the next pass, which reads them as they are now.
/// </summary>
internal sealed class SqliteSearchRewrites(string tableName, SqliteSearchFile file)
{
    private static readonly string Seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);

    private readonly string _index = SqliteSearchSchema.IndexTable(tableName);
    private readonly string _indexedThrough = SqliteSearchSchema.IndexedThroughExpression(tableName);

    public async Task ReindexAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        if (!file.IsAvailable || sequences.Count == 0)
        {
            return;
        }

        var connection = await file.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = connection.BeginTransaction(deferred: true);
            await using (transaction.ConfigureAwait(false))
            {
                // A write first, as the index passes do: the transaction holds the index file's write lock from here
                // on, so its reads cannot go stale before it writes (which SQLite would refuse without waiting).
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {SqliteSearchSchema.StateTable} (table_name, indexed_through, purged_through) VALUES (@tableName, 0, 0) ON CONFLICT (table_name) DO NOTHING",
                    new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                foreach (var chunk in sequences.Chunk(500))
                {
                    var list = string.Join(", ", chunk);
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"DELETE FROM {_index} WHERE rowid IN ({list}) AND rowid <= {_indexedThrough}", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        SqliteSearchSchema.IndexRows(tableName, $"row.{Seq} IN ({list}) AND row.{Seq} <= {_indexedThrough}"),
                        transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
