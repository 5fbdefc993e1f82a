namespace AuditTrail.Cli.Tests.Support;

/// <summary>A store that runs <c>afterFirstBatch</c> once its first purge batch is deleted: a signal, or a hold placed, between batches.</summary>
internal sealed class AfterFirstPurgeBatchStore(IAuditStore inner, Func<Task> afterFirstBatch) : IAuditStore, IAuditChainStore
{
    private int _batches;

    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)inner).GetHeadAsync(cancellationToken);

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)inner).GetAnchorAsync(cancellationToken);

    public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        ((IAuditChainStore)inner).ReadChainAsync(afterSequence, cancellationToken);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => inner.WriteAsync(batch, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);

    public async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);
        if (++_batches == 1)
        {
            await afterFirstBatch();
        }

        return deleted;
    }
}
