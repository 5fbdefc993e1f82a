using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Gives the search index the text of rows rewritten in place (tombstoned or erased): their entries are deleted and,
/// from what the rows hold now, inserted again, in one transaction of the index file. Rows the index has not reached
/// yet are left to the next pass, which reads them as they are now. A tombstoning records its rows as owed first
/// (<see cref="SqliteSearchOwedRewrites"/>), so that a stop before this update leaves it to the next index pass.
/// </summary>
internal sealed class SqliteSearchRewrites(string tableName, SqliteSearchFile file)
{
    private readonly SqliteSearchOwedRewrites _owed = new(tableName);

    /// <summary>Records in the index file, before the tombstoning of <paramref name="sequences"/> commits, that their entries are owed an update.</summary>
    public Task RecordOwedAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken) =>
        InIndexTransactionAsync(sequences, (connection, transaction) => _owed.RecordAsync(connection, transaction, sequences, cancellationToken), cancellationToken);

    public Task ReindexAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken) =>
        InIndexTransactionAsync(
            sequences,
            async (connection, transaction) =>
            {
                // A write first, as the index passes do: the transaction holds the index file's write lock from here
                // on, so its reads cannot go stale before it writes (which SQLite would refuse without waiting).
                await connection.ExecuteAsync(new CommandDefinition(
                    $"INSERT INTO {SqliteSearchSchema.StateTable} (table_name, indexed_through, purged_through) VALUES (@tableName, 0, 0) ON CONFLICT (table_name) DO NOTHING",
                    new { tableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await _owed.ReindexAsync(connection, transaction, sequences, cancellationToken).ConfigureAwait(false);
                await _owed.RemoveAsync(connection, transaction, sequences, cancellationToken).ConfigureAwait(false);

                // What an earlier tombstoning, stopped before its update, still owes.
                await _owed.UpdateAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one committed transaction of the index file, when there is one and <paramref name="sequences"/> is not empty.</summary>
    private async Task InIndexTransactionAsync(IReadOnlyList<long> sequences, Func<SqliteConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
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
                await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
