namespace AuditTrail;

/// <summary>
/// The store seen as a feed: committed records in commit order from a position (<see cref="IAuditChainStore.ReadChainAsync"/>),
/// and the consumers' positions and leases (<see cref="IAuditConsumerCheckpoints"/>).
/// </summary>
/// <remarks>
/// Sequence order is commit order: every store assigns sequences under its chain lock (SQLite <c>BEGIN IMMEDIATE</c>,
/// PostgreSQL <c>pg_advisory_xact_lock</c>, SQL Server <c>sp_getapplock</c>) and commits before the lock is released,
/// so a transaction that takes N+1 starts only after N is visible. A reader therefore never sees N+1 without N, and a
/// position (the last sequence handled) never skips a record that commits later. A store that makes rows visible before
/// they are durable (<see cref="IAuditCommitFlush"/>) is flushed after each read, before its rows are handed on.
/// </remarks>
internal sealed class AuditFeed(IAuditChainStore chain, IAuditConsumerCheckpoints checkpoints)
{
    public IAuditChainStore Chain => chain;

    public IAuditConsumerCheckpoints Checkpoints => checkpoints;

    /// <summary>Resolves the feed of the registered store, or says clearly why it has none.</summary>
    public static AuditFeed Create(IAuditStore store, IAuditConsumerCheckpoints? registered)
    {
        ArgumentNullException.ThrowIfNull(store);
        var chain = store as IAuditChainStore ?? throw new InvalidOperationException(
            $"Audit consumers read the store as a feed, but {store.GetType().Name} does not implement IAuditChainStore.");
        var positions = registered ?? store as IAuditConsumerCheckpoints ?? throw new InvalidOperationException(
            $"Audit consumers keep their positions in the store, but {store.GetType().Name} does not implement IAuditConsumerCheckpoints; " +
            "use a store that does (SQLite, PostgreSQL, SQL Server) or register an IAuditConsumerCheckpoints service.");
        return new AuditFeed(chain, positions);
    }

    /// <summary>Up to <paramref name="max"/> entries after <paramref name="position"/>, in sequence order.</summary>
    public async Task<IReadOnlyList<AuditFeedEntry>> ReadAsync(long position, int max, CancellationToken cancellationToken)
    {
        var batch = new List<AuditFeedEntry>(Math.Min(max, 1024));
        await foreach (var entry in chain.ReadChainAsync(position, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new AuditFeedEntry(entry.Sequence, entry.Record));
            if (batch.Count == max)
            {
                break;
            }
        }

        // The read's snapshot is taken: once the store's flush returns, every row of the batch is durable.
        if (batch.Count > 0 && chain is IAuditCommitFlush flush)
        {
            await flush.FlushCommittedAsync(cancellationToken).ConfigureAwait(false);
        }

        return batch;
    }
}
