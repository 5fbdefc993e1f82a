using System.Data.Common;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Search;

/// <summary>Keeps the search index following the audit table: filled after commits, emptied of purged rows.</summary>
internal sealed class SqliteSearchIndexObserver(SqliteSearchFile file, SqliteSearchCatchUp catchUp, SqliteSearchIndexer indexer, SqliteSearchRewrites rewrites) : IAuditStoreObserver
{
    /// <summary>
    /// Deletes the search index file of schema v4, creates the index file (or empties an index that belongs to another
    /// copy of the database), and starts filling it with what it lacks.
    /// </summary>
    public async ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // DataSource is the file SQLite opened, whether the options gave a path or a connection string.
        SqliteLegacySearchFile.Delete(connection.DataSource);
        await file.EnsureAsync(connection.DataSource, cancellationToken).ConfigureAwait(false);
        indexer.RequestUpdate();
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default)
    {
        indexer.RequestUpdate();
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes the purged rows from the search index before the purge returns, so their text leaves the index file.</summary>
    public async ValueTask OnPurgedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await catchUp.RemovePurgedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or OperationCanceledException)
        {
            // The purge itself committed, so it must not be reported as failed; the next index pass (requested
            // here, or the next UpdateSearchIndexAsync) removes the entries instead.
            indexer.RequestUpdate();
        }
    }

    /// <summary>
    /// Records in the index file, before the tombstoning commits, that the rows' entries are owed an update: when the
    /// process stops before <see cref="OnRewrittenAsync"/> makes it, the next index pass (each commit and each purge
    /// of the next retention pass starts one) does. A failure here (the index file locked) rolls the tombstoning back.
    /// </summary>
    public async ValueTask<bool> OnRewritingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default)
    {
        await rewrites.RecordOwedAsync(sequences, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Replaces the text of tombstoned or erased rows in the index before the operation returns, so that what they no
    /// longer hold leaves the index file with them. A failure reaches the caller although the rewrite committed: search
    /// stays exact (every index hit is confirmed against the row); a tombstoning's rows were recorded as owed, so the next
    /// index pass takes their old text out, and an erasure run again gives its rows their new text.
    /// </summary>
    public ValueTask OnRewrittenAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) =>
        new(rewrites.ReindexAsync(sequences, cancellationToken));
}
