using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// Told what a <see cref="RelationalAuditStore"/> changed, after its transaction committed: for work that follows
/// the audit table, such as keeping a search index up to date. Given through <see cref="RelationalAuditStoreStrategies.Observer"/>.
/// </summary>
/// <remarks>
/// Each call comes after a commit, so the change stands whatever the observer does; an exception it throws reaches the
/// caller of the store's operation, which may retry it (writes are idempotent), so an observer should handle its own
/// failures where it can.
/// </remarks>
public interface IAuditStoreObserver
{
    /// <summary>Called once the schema is current, on the connection that checked it, after its transaction committed.</summary>
    /// <param name="connection">The open connection; the store disposes it afterwards.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the work is done; the store's initialization waits for it.</returns>
    ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default);

    /// <summary>Called after each write transaction that committed.</summary>
    /// <param name="cancellationToken">The write's token.</param>
    /// <returns>A task that completes when the write may return.</returns>
    ValueTask OnCommittedAsync(CancellationToken cancellationToken = default);

    /// <summary>Called after a purge that deleted rows committed, before the purge returns.</summary>
    /// <param name="cancellationToken">The purge's token.</param>
    /// <returns>A task that completes when the purge may return.</returns>
    ValueTask OnPurgedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Called inside a transaction that tombstones rows (<see cref="AuditRowRewrites"/>), once they are emptied and before
    /// the commit: a search index in the same database takes their old text out here, so that no stop between the commit
    /// and <see cref="OnRewrittenAsync"/> leaves it behind; one elsewhere records that it owes them an update, so that
    /// its next pass makes it when that call never came. An exception rolls the tombstoning back. Default: nothing.
    /// </summary>
    /// <param name="connection">The store's open connection, inside <paramref name="transaction"/>.</param>
    /// <param name="transaction">The transaction that tombstones the rows, under the rewrite lock (or the chain lock).</param>
    /// <param name="sequences">The tombstoned rows' sequence numbers, ascending.</param>
    /// <param name="cancellationToken">The operation's token.</param>
    /// <returns><see langword="true"/> when the rows' text is taken out with the commit and <see cref="OnRewrittenAsync"/> need not be called for them.</returns>
    ValueTask<bool> OnRewritingAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(false);

    /// <summary>
    /// Called after a transaction that rewrote rows in place (tombstoned or erased them, <see cref="AuditRowRewrites"/>)
    /// committed, before the operation returns: a search index replaces those rows' text with what they hold now.
    /// Default: nothing.
    /// </summary>
    /// <param name="sequences">The rewritten rows' sequence numbers, ascending.</param>
    /// <param name="cancellationToken">The operation's token.</param>
    /// <returns>A task that completes when the operation may return.</returns>
    ValueTask OnRewrittenAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
