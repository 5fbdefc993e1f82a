using System.Data.Common;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Internal;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>Keeps the search index beside the audit file in step with the table: created at initialization, filled after commits, trimmed after purges.</summary>
internal sealed class SqliteSearchIndexObserver(SqliteSearchIndex searchIndex) : IAuditStoreObserver
{
    /// <summary>Creates the search index file beside the audit file when it is missing, and indexes what is not indexed yet.</summary>
    public ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        // DataSource is the file SQLite opened, whether the options gave a path or a connection string.
        searchIndex.EnsureCreated(connection.DataSource, cancellationToken);
        searchIndex.RequestUpdate();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default)
    {
        searchIndex.RequestUpdate();
        return ValueTask.CompletedTask;
    }

    /// <summary>Removes the purged rows from the search index before the purge returns, so their text leaves every file.</summary>
    public async ValueTask OnPurgedAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await searchIndex.RemovePurgedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SqliteException or OperationCanceledException)
        {
            // The purge itself committed, so it must not be reported as failed; the next index pass (requested
            // here, or the next UpdateSearchIndexAsync) removes the entries instead.
            searchIndex.RequestUpdate();
        }
    }
}
