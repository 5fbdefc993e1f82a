using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// A store's way of writing a whole batch in one statement, given to <see cref="RelationalAuditStore"/> through
/// <see cref="RelationalAuditStoreStrategies.BatchAppender"/>. The store computes the chain links; the appender
/// writes them, either on its own in one round trip, as long as nobody moved the chain head meanwhile
/// (<see cref="TryAppendAsync"/>), or inside the store's write transaction under the chain lock (<see cref="LockAsync"/>
/// and <see cref="AppendAsync"/>).
/// </summary>
/// <remarks>
/// <para>
/// The store keeps the head of its last write and first tries <see cref="TryAppendAsync"/> with it: with one writer,
/// each batch costs one round trip. When ids of the batch are stored already (a retried batch), the attempt writes
/// nothing and says which; the store links the others and tries again, up to
/// <see cref="RelationalAuditStore.MaxOptimisticAppends"/> attempts. When another writer (another instance) moved the
/// head, the store takes the chain lock in a transaction of its own (<see cref="LockAsync"/>, then
/// <see cref="AppendAsync"/>), and does so for its next few writes too, since attempts would likely fail again.
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
    /// is still <paramref name="expectedHead"/> and none of the rows' ids is stored; otherwise writes nothing. It uses a
    /// connection of its own (one it keeps open between calls saves the pool's session reset).
    /// </summary>
    /// <param name="expectedHead">The head the rows were chained to; <see langword="null"/> for an empty chain without an anchor.</param>
    /// <param name="rows">The rows, in sequence order, chained to <paramref name="expectedHead"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether the rows were written and, when they were not, the head and the stored ids the attempt found.</returns>
    ValueTask<AuditAppendAttempt> TryAppendAsync(AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inside the store's new write transaction: takes the dialect's chain lock (held to commit) and reads the chain head
    /// and which of <paramref name="ids"/> are stored, in one round trip.
    /// </summary>
    /// <param name="connection">The open connection of the transaction.</param>
    /// <param name="transaction">The write transaction, which holds no lock yet.</param>
    /// <param name="ids">The ids of the batch, each once.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What was found: <see cref="AuditAppendAttempt.Head"/> and <see cref="AuditAppendAttempt.StoredIds"/> (nothing is written).</returns>
    ValueTask<AuditAppendAttempt> LockAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default);

    /// <summary>Writes every row inside the store's write transaction, after <see cref="LockAsync"/>; none of their ids is stored.</summary>
    /// <param name="connection">The open connection of the transaction.</param>
    /// <param name="transaction">The write transaction.</param>
    /// <param name="rows">The rows, in sequence order, chained to the head the store read under the lock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the rows are written (not committed).</returns>
    Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default);
}
