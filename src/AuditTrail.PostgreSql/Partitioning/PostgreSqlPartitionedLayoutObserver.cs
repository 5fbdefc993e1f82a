using System.Data.Common;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Applies the partitioned layout right after the numbered migrations, on the connection of the initialization, then
/// passes every event on to the store's other observer. A failure fails the initialization, which the next operation retries.
/// </summary>
internal sealed class PostgreSqlPartitionedLayoutObserver(PostgreSqlPartitionedLayout layout, IAuditStoreObserver inner) : IAuditStoreObserver
{
    public async ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        await layout.ApplyAsync((NpgsqlConnection)connection, cancellationToken).ConfigureAwait(false);
        await inner.OnInitializedAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default) => inner.OnCommittedAsync(cancellationToken);

    public ValueTask OnPurgedAsync(CancellationToken cancellationToken = default) => inner.OnPurgedAsync(cancellationToken);

    /// <summary>Passes on the rows a tombstoning or an erasure rewrote, so that the search table drops what they no longer hold.</summary>
    public ValueTask<bool> OnRewritingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) =>
        inner.OnRewritingAsync(connection, transaction, sequences, cancellationToken);

    public ValueTask OnRewrittenAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) => inner.OnRewrittenAsync(sequences, cancellationToken);
}
