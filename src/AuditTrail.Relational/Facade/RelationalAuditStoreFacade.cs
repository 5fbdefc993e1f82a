namespace AuditTrail.Relational;

/// <summary>
/// The base of a store package built on <see cref="RelationalAuditStore"/>: implements <see cref="IAuditStore"/> and
/// <see cref="IAuditChainStore"/> (and <see cref="IAuditConsumerCheckpoints"/>, the feed consumers' positions, <see cref="IAuditLegalHoldStore"/>, the legal holds, <see cref="IAuditHistogramStore"/>, the histogram, <see cref="IAuditTombstoneStore"/>, retention's tombstones, <see cref="IAuditErasureStore"/>, erasure, <see cref="IAuditSummaryStore"/>, the narrow reads, <see cref="IAuditChainPositionStore"/>, one record's place in the chain, and <see cref="IAuditPurgeLock"/>, one purge at a time) by forwarding every member to <see cref="Store"/>, so the package adds only what is
/// its own (options, construction, disposal, a fast range checker). The SQLite, PostgreSQL and SQL Server stores
/// derive from it; a third-party store may too, or wrap a <see cref="RelationalAuditStore"/> itself.
/// </summary>
public abstract class RelationalAuditStoreFacade : IAuditStore, IAuditChainStore, IAuditConsumerCheckpoints, IAuditLegalHoldStore, IAuditHistogramStore, IAuditTombstoneStore, IAuditErasureStore, IAuditSummaryStore, IAuditChainPositionStore, IAuditPurgeLock
{
    private readonly RelationalAuditStore? _store;

    /// <summary>The relational store every member forwards to; the derived store's constructor sets it once.</summary>
    /// <exception cref="InvalidOperationException">Read before the derived constructor set it.</exception>
    protected RelationalAuditStore Store
    {
        get => _store ?? throw new InvalidOperationException($"{GetType().Name} did not set {nameof(Store)} in its constructor.");
        init => _store = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The audit table this store reads and writes.</summary>
    public string TableName => Store.TableName;

    /// <summary>The schema version this store creates and expects.</summary>
    public int SchemaVersion => Store.SchemaVersion;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => Store.InitializeAsync(cancellationToken);

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => Store.WriteAsync(batch, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => Store.QueryAsync(query, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Store.StreamAsync(filter, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AuditRecord> StreamSummariesAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Store.StreamSummariesAsync(filter, cancellationToken);

    /// <summary>Checks a range given to a store's <see cref="IAuditChainRangeChecker.CheckRangeAsync"/>.</summary>
    /// <param name="range">The range.</param>
    /// <exception cref="ArgumentNullException">The range or its expected hashes are null.</exception>
    /// <exception cref="ArgumentException">The range is empty or reversed, or its previous hash is not 32 bytes.</exception>
    protected static void ThrowIfInvalid(AuditChainRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(range.ExpectedHashes, "range.ExpectedHashes");
        if (range.AfterSequence < 0 || range.ThroughSequence <= range.AfterSequence)
        {
            throw new ArgumentException(
                $"A range runs after a sequence of 0 or more through a greater one; this one is after {range.AfterSequence} through {range.ThroughSequence}.",
                nameof(range));
        }

        if (range.PreviousHash is { Length: not AuditChain.HashLength })
        {
            throw new ArgumentException($"range.PreviousHash must be {AuditChain.HashLength} bytes; it is {range.PreviousHash.Length}.", nameof(range));
        }
    }

    /// <inheritdoc />
    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Store.CountAsync(filter, cancellationToken);

    /// <inheritdoc />
    public Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default) => Store.CountUpToAsync(filter, limit, cancellationToken);

    /// <inheritdoc />
    public Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default) =>
        Store.CountWithinAsync(filter, limit, timeLimit, timeProvider, cancellationToken);

    /// <inheritdoc />
    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Store.GetAsync(id, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Virtual so that a store that keeps counts of its own (SQLite's hourly rollup) can answer from them.</remarks>
    public virtual Task<IReadOnlyList<AuditHistogramCell>> CountPerBucketAsync(AuditFilter filter, AuditHistogramBuckets buckets, CancellationToken cancellationToken = default) =>
        Store.CountPerBucketAsync(filter, buckets, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetEarliestOccurredAtAsync(AuditFilter filter, CancellationToken cancellationToken = default) =>
        Store.GetEarliestOccurredAtAsync(filter, cancellationToken);

    /// <inheritdoc />
    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Store.GetFacetsAsync(filter, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Virtual so that a store with a faster way to remove a prefix (dropping a whole partition) can use it first.</remarks>
    public virtual Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) =>
        Store.PurgeAsync(occurredBefore, maxRows, cancellationToken);

    /// <inheritdoc />
    public virtual Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default) => Store.TryAcquirePurgeLockAsync(cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => Store.GetNewestRecordedAtAsync(cancellationToken);

    /// <inheritdoc />
    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => Store.GetHeadAsync(cancellationToken);

    /// <inheritdoc />
    public Task<AuditChainPosition?> GetChainPositionAsync(Guid id, CancellationToken cancellationToken = default) => Store.GetChainPositionAsync(id, cancellationToken);

    /// <inheritdoc />
    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Store.GetAnchorAsync(cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        Store.ReadChainAsync(afterSequence, cancellationToken);

    /// <inheritdoc />
    public Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default) =>
        Store.TryAcquireLeaseAsync(consumer, owner, now, duration, cancellationToken);

    /// <inheritdoc />
    public Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Store.AdvanceAsync(consumer, owner, position, now, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken = default) =>
        Store.ReleaseLeaseAsync(consumer, owner, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default) =>
        Store.GetCheckpointsAsync(cancellationToken);

    /// <inheritdoc />
    public Task AddHoldAsync(AuditLegalHold hold, CancellationToken cancellationToken = default) => Store.AddHoldAsync(hold, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ReleaseHoldAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken = default) =>
        Store.ReleaseHoldAsync(id, releasedBy, releasedAt, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditLegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default) => Store.GetHoldsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditLegalHoldScope scope, CancellationToken cancellationToken = default) =>
        Store.GetOldestOccurredAtAsync(scope, cancellationToken);

    /// <inheritdoc />
    public Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> rows, CancellationToken cancellationToken = default) =>
        Store.TombstoneAsync(rows, cancellationToken);

    /// <inheritdoc />
    public Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken = default) =>
        Store.EraseAsync(actorId, pseudonym, cancellationToken);
}
