namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>
/// One instance's way to its consumer positions; <see cref="Severed"/> cuts it off from the store, as a process that
/// died or lost its network: every call fails.
/// </summary>
public sealed class SeverableCheckpoints(IAuditConsumerCheckpoints inner) : IAuditConsumerCheckpoints
{
    private volatile bool _severed;
    private int _leaseRequests;

    /// <summary>How many times the instance asked for (or renewed) its lease.</summary>
    public int LeaseRequests => Volatile.Read(ref _leaseRequests);

    /// <summary>Whether every call fails.</summary>
    public bool Severed { get => _severed; set => _severed = value; }

    public Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _leaseRequests);
        return Reachable().TryAcquireLeaseAsync(consumer, owner, now, duration, cancellationToken);
    }

    public Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Reachable().AdvanceAsync(consumer, owner, position, now, cancellationToken);

    public Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken = default) =>
        Reachable().ReleaseLeaseAsync(consumer, owner, cancellationToken);

    public Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default) =>
        Reachable().GetCheckpointsAsync(cancellationToken);

    private IAuditConsumerCheckpoints Reachable() =>
        _severed ? throw new IOException("This instance is cut off from the store.") : inner;
}
