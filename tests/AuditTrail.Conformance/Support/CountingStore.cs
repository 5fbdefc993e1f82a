namespace AuditTrail.Conformance.Support;

/// <summary>Passes every call to a real store and counts the write transactions (one per <see cref="WriteAsync"/>).</summary>
public sealed class CountingStore(IAuditStore inner) : IAuditStore
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.WriteAsync(batch, cancellationToken);
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);
}
