namespace AuditTrail.Delivery.Tests.Support;

/// <summary>
/// Wraps a real store and, for its writes only, can stall (until <see cref="Release"/>), fail before or after
/// committing, slow down, or go to another store (a read-only view of the same file).
/// Reads always reach the real store.
/// </summary>
public sealed class FaultInjectingStore(IAuditStore inner) : IAuditStore
{
    private TaskCompletionSource _gate = CompletedGate();
    private int _writes;

    /// <summary>While set, each write throws what it returns, before anything is written.</summary>
    public Func<Exception>? Fault { get; set; }

    /// <summary>While set, each write throws what it returns after the real store committed the batch (a lost acknowledgement).</summary>
    public Func<Exception>? FaultAfterCommit { get; set; }

    /// <summary>While set, writes go to this store instead.</summary>
    public IAuditStore? WriteTo { get; set; }

    /// <summary>A delay before each write (a slow store); honours cancellation.</summary>
    public TimeSpan WriteDelay { get; set; }

    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Writes wait until <see cref="Release"/>.</summary>
    public void Stall() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        await _gate.Task.WaitAsync(cancellationToken);
        if (WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(WriteDelay, cancellationToken);
        }

        if (Fault is { } fault)
        {
            throw fault();
        }

        await (WriteTo ?? inner).WriteAsync(batch, cancellationToken);
        if (FaultAfterCommit is { } afterCommit)
        {
            throw afterCommit();
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
