using System.Data.Common;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>Keeps the search table following the audit table: filled after commits, emptied of purged rows.</summary>
internal sealed class PostgreSqlSearchIndexObserver(PostgreSqlSearchCatchUp catchUp, AuditBackgroundPass indexer) : IAuditStoreObserver
{
    /// <summary>Starts filling the search table with what it lacks (after the v6 migration: every row).</summary>
    public ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        indexer.RequestUpdate();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default)
    {
        indexer.RequestUpdate();
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes the purged rows' texts before the purge returns, so that they leave the database with the rows.</summary>
    public async ValueTask OnPurgedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await catchUp.RemovePurgedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            // The purge itself committed, so it must not be reported as failed; every index pass removes them too.
            indexer.RequestUpdate();
        }
    }

    /// <summary>
    /// Replaces the texts of tombstoned rows in the tombstoning's transaction (under the search lock, taken after the
    /// rewrite lock; no pass takes them the other way round: purges remove their texts after their commit), so that no stop after its commit leaves their old text.
    /// </summary>
    public async ValueTask<bool> OnRewritingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        await catchUp.RewriteAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, sequences, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Replaces the texts of erased rows before the operation returns, so that what they no longer hold leaves the search table.</summary>
    public ValueTask OnRewrittenAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) =>
        new(catchUp.RewriteAsync(sequences, cancellationToken));
}
