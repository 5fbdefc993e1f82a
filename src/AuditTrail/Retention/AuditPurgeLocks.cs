namespace AuditTrail;

/// <summary>Takes a store's purge lock (<see cref="IAuditPurgeLock"/>) for code that purges through <see cref="IAuditStore.PurgeAsync"/> itself.</summary>
public static class AuditPurgeLocks
{
    /// <summary>
    /// Takes <paramref name="store"/>'s purge lock when no other purge holds it. A store that has no purge lock is
    /// taken as free (a lock that holds nothing is returned): two purges on it can still overlap.
    /// </summary>
    /// <param name="store">The store to purge.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The held lock, to dispose once the purge is recorded; or <see langword="null"/> when another purge holds it.</returns>
    public static async Task<IAsyncDisposable?> TryAcquireAsync(IAuditStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store is IAuditPurgeLock purgeLock
            ? await purgeLock.TryAcquirePurgeLockAsync(cancellationToken).ConfigureAwait(false)
            : NoLock.Instance;
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
