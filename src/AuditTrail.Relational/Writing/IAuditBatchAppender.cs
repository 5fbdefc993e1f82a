using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// A store's way of writing a whole batch in one statement, given to <see cref="RelationalAuditStore"/> through
/// <see cref="RelationalAuditStoreStrategies.BatchAppender"/>. The store computes the chain links; the appender
/// writes them, either on its own in one round trip, as long as nobody moved the chain head meanwhile
/// (<see cref="TryAppendAsync"/>), or inside the store's locked write transaction (<see cref="AppendAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// The store keeps the head of its last write and first tries <see cref="TryAppendAsync"/> with it: with one
/// writer, each batch costs one round trip. When another writer (another instance) moved the head, or an id is
/// stored already (a retried batch), the attempt writes nothing and says what it found; the store recomputes the
/// links from that and tries again. After <see cref="RelationalAuditStore.MaxOptimisticAppends"/> attempts it takes
/// the chain lock in a transaction of its own, reads the head and stored ids, and calls <see cref="AppendAsync"/>.
/// </para>
/// <para>
/// Rows are the values of <see cref="AuditColumns.Inserted"/>, in that order, already encoded for the dialect
/// (<see cref="AuditColumns.Id"/> is at index 1). No row's id is repeated in one call.
/// </para>
/// </remarks>
public interface IAuditBatchAppender
{
    /// <summary>
    /// Atomically, under the dialect's chain lock and in a transaction of its own: writes every row if the chain head
    /// is still <paramref name="expectedHead"/> and none of the rows' ids is stored; otherwise writes nothing.
    /// </summary>
    /// <param name="connection">An open connection with no transaction.</param>
    /// <param name="expectedHead">The head the rows were chained to; <see langword="null"/> for an empty chain without an anchor.</param>
    /// <param name="rows">The rows, in sequence order, chained to <paramref name="expectedHead"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the rows were written and, when they were not, the head and the stored ids the attempt found.</returns>
    ValueTask<AuditAppendAttempt> TryAppendAsync(
        DbConnection connection, AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>Writes every row inside the store's write transaction, which holds the chain lock; none of their ids is stored.</summary>
    /// <param name="connection">The open connection of the transaction.</param>
    /// <param name="transaction">The write transaction.</param>
    /// <param name="rows">The rows, in sequence order, chained to the head the store read under the lock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the rows are written (not committed).</returns>
    Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default);
}
