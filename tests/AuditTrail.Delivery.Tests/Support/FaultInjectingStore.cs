using AuditTrail.Conformance.Support;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>
/// Wraps a real store and, for its writes only, can stall (until <see cref="Release"/>), fail before or after
/// committing, slow down, or go to another store (a read-only view of the same file).
/// Reads always reach the real store.
/// </summary>
public sealed class FaultInjectingStore(IAuditStore inner) : DelegatingAuditStore(inner)
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

    public override async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
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

        await (WriteTo ?? Inner).WriteAsync(batch, cancellationToken);
        if (FaultAfterCommit is { } afterCommit)
        {
            throw afterCommit();
        }
    }

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
