namespace AuditTrail.Relational;

/// <summary>
/// The purge lock of a store whose database has no session lock and whose package gives none: serializes the purges
/// made through this store instance only.
/// </summary>
internal sealed class AuditInstancePurgeLock : IAuditPurgeLock
{
    private int _held;

    public Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IAsyncDisposable?>(Interlocked.CompareExchange(ref _held, 1, 0) == 0 ? new Held(this) : null);
    }

    private sealed class Held(AuditInstancePurgeLock owner) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Volatile.Write(ref owner._held, 0);
            }

            return ValueTask.CompletedTask;
        }
    }
}
