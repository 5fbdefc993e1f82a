namespace AuditTrail.Conformance.Support;

/// <summary>Passes every call to <see cref="Inner"/>; test stores derive from it and override what they observe or disturb.</summary>
public abstract class DelegatingAuditStore(IAuditStore inner) : IAuditStore
{
    protected IAuditStore Inner { get; } = inner;

    public virtual Task InitializeAsync(CancellationToken cancellationToken = default) => Inner.InitializeAsync(cancellationToken);

    public virtual Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => Inner.WriteAsync(batch, cancellationToken);

    public virtual Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

    public virtual IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Inner.StreamAsync(filter, cancellationToken);

    public virtual Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Inner.CountAsync(filter, cancellationToken);

    public virtual Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default) => Inner.CountUpToAsync(filter, limit, cancellationToken);

    public virtual Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        Inner.CountWithinAsync(filter, limit, timeLimit, timeProvider, cancellationToken);

    public virtual Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Inner.GetAsync(id, cancellationToken);

    public virtual Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Inner.GetFacetsAsync(filter, cancellationToken);

    public virtual Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => Inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);

    public virtual Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => Inner.GetNewestRecordedAtAsync(cancellationToken);
}
