namespace AuditTrail.Conformance.Support;

/// <summary>Passes every call to a real store and counts the write transactions (one per <see cref="WriteAsync"/>).</summary>
public sealed class CountingStore(IAuditStore inner) : DelegatingAuditStore(inner)
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public override Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return Inner.WriteAsync(batch, cancellationToken);
    }
}
