namespace AuditTrail.Cli.Archive;

/// <summary>
/// The store as the archiver sees it, counting each purged batch as it commits: an <c>archive --purge</c> stopped part
/// way (Ctrl-C, SIGTERM, a full disk) still knows how many records went, to record them as <c>audit.purged</c>.
/// </summary>
internal sealed class PurgeCountingStore(IAuditStore inner) : IAuditStore, IAuditChainStore
{
    private readonly IAuditChainStore _chain = inner as IAuditChainStore
        ?? throw new ArgumentException($"Archives need a store that keeps the hash chain; {inner.GetType().Name} does not implement IAuditChainStore.", nameof(inner));

    private long _purged;

    /// <summary>How many records the purges through this store removed so far.</summary>
    public long Purged => Interlocked.Read(ref _purged);

    public async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        var deleted = await inner.PurgeAsync(occurredBefore, maxRows, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _purged, deleted);
        return deleted;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => inner.WriteAsync(batch, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);

    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => _chain.GetHeadAsync(cancellationToken);

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => _chain.GetAnchorAsync(cancellationToken);

    public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) => _chain.ReadChainAsync(afterSequence, cancellationToken);
}
