using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>Restarts a write-ahead log that grew past its limit after each commit (<see cref="SqliteWalRestart"/>), then passes every event on.</summary>
internal sealed class SqliteWalRestartObserver(SqliteWalRestart restart, IAuditStoreObserver inner) : IAuditStoreObserver
{
    public ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // DataSource is the file SQLite opened, whether the options gave a path or a connection string.
        if (!string.IsNullOrEmpty(connection.DataSource))
        {
            restart.Watch(connection.DataSource);
        }

        return inner.OnInitializedAsync(connection, cancellationToken);
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default)
    {
        restart.AfterCommit();
        return inner.OnCommittedAsync(cancellationToken);
    }

    public ValueTask OnPurgedAsync(CancellationToken cancellationToken = default) => inner.OnPurgedAsync(cancellationToken);

    public ValueTask<bool> OnRewritingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) =>
        inner.OnRewritingAsync(connection, transaction, sequences, cancellationToken);

    public ValueTask OnRewrittenAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) => inner.OnRewrittenAsync(sequences, cancellationToken);
}
