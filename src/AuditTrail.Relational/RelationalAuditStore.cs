using System.Data.Common;
using System.Runtime.CompilerServices;

namespace AuditTrail.Relational;

/// <summary>
/// An <see cref="IAuditStore"/> over any relational database, written once with Dapper: filters, keyset
/// paging, idempotent batch insert, counting, facets, purge, streaming and schema versioning. What differs
/// between databases comes from the <see cref="IAuditSqlDialect"/>; what a store adds (a native inserter or row
/// reader, a search index kept after commits) comes from <see cref="RelationalAuditStoreStrategies"/>.
/// </summary>
/// <remarks>
/// <para>
/// Every row is a link of the hash chain (<see cref="AuditChain"/>): inside the write transaction, under the
/// dialect's chain lock, the store reads the head, gives each new record the next sequence number and
/// <c>SHA-256(previous hash ‖ canonical(sequence, record))</c>. Purges remove only a prefix of the chain and
/// record its last link as the retention anchor, so the rest stays verifiable.
/// </para>
/// <para>
/// The schema is created or migrated lazily, once per instance, before the first operation (or by
/// <see cref="InitializeAsync"/>); a failed initialization is retried by the next call. Instances are
/// thread-safe and hold no connection between calls. A store package wraps an instance rather than deriving from it.
/// </para>
/// </remarks>
public sealed class RelationalAuditStore : IAuditStore, IAuditChainStore, IAuditConsumerCheckpoints, IAuditLegalHoldStore, IAuditHistogramStore, IAuditTombstoneStore, IAuditErasureStore, IAuditSummaryStore, IAuditChainPositionStore, IAuditPurgeLock
{
    /// <summary>How many rows <see cref="StreamAsync"/> reads per round trip.</summary>
    public const int StreamPageSize = AuditQuery.MaxLimit;

    private readonly AuditSchemaInitializer _schema;
    private readonly AuditChainAppender _appender;
    private readonly AuditChainReader _chain;
    private readonly AuditRecordReader _reader;
    private readonly AuditHistogramCellReader _histogram;
    private readonly AuditPurger _purger;
    private readonly IAuditPurgeLock _purgeLock;
    private readonly AuditConsumerCheckpointStore _consumers;
    private readonly AuditLegalHoldStore _holds;
    private readonly AuditTombstoneWriter _tombstones;
    private readonly AuditErasureWriter _erasures;

    /// <summary>Creates a store that reads and writes through Dapper and ADO.NET only.</summary>
    /// <param name="dialect">The SQL dialect of the database.</param>
    /// <param name="openConnection">
    /// Returns a new connection to the database, open or not (the store opens a closed one). The store
    /// disposes it after each operation, so it should come from a pool.
    /// </param>
    /// <param name="tableName">The audit table; it must match <see cref="AuditSql.IdentifierPattern"/>.</param>
    /// <exception cref="ArgumentException">The table name is not valid, or the dialect's migrations are not numbered 1, 2, 3, ....</exception>
    public RelationalAuditStore(IAuditSqlDialect dialect, Func<CancellationToken, ValueTask<DbConnection>> openConnection, string tableName)
        : this(dialect, openConnection, tableName, new RelationalAuditStoreStrategies())
    {
    }

    /// <summary>Creates a store with the strategies a store package adds.</summary>
    /// <param name="dialect">The SQL dialect of the database.</param>
    /// <param name="openConnection">
    /// Returns a new connection to the database, open or not (the store opens a closed one). The store
    /// disposes it after each operation, so it should come from a pool.
    /// </param>
    /// <param name="tableName">The audit table; it must match <see cref="AuditSql.IdentifierPattern"/>.</param>
    /// <param name="strategies">The store's inserter, row reader, read connections and observer; each optional.</param>
    /// <exception cref="ArgumentException">The table name is not valid, the dialect's migrations are not numbered 1, 2, 3, ..., or the strategies set BatchAppender together with RowInserters or InsertedRows.</exception>
    public RelationalAuditStore(
        IAuditSqlDialect dialect, Func<CancellationToken, ValueTask<DbConnection>> openConnection, string tableName, RelationalAuditStoreStrategies strategies)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(openConnection);
        ArgumentNullException.ThrowIfNull(strategies);
        if (strategies is { RowInserters: not null, BatchAppender: not null })
        {
            throw new ArgumentException("Set either RowInserters or BatchAppender of the strategies, not both: a store inserts its rows one way.", nameof(strategies));
        }

        if (strategies is { InsertedRows: not null, BatchAppender: not null })
        {
            throw new ArgumentException("InsertedRows works with row-by-row inserts; a BatchAppender writes its batch in one statement of its own. Set one of them.", nameof(strategies));
        }

        if (AuditSql.GetTableNameProblem(tableName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(tableName));
        }

        var migrations = dialect.GetMigrations(tableName);
        if (AuditSchemaInitializer.FindMigrationProblem(migrations) is { } migrationProblem)
        {
            throw new ArgumentException(migrationProblem, nameof(dialect));
        }

        var connections = new AuditConnections(dialect, openConnection, strategies.ReadConnections, strategies.RowReader);
        var sql = new AuditStatements(dialect, tableName);
        var mapper = new AuditRecordMapper(dialect);
        var links = new AuditChainLinks(sql);
        _schema = new AuditSchemaInitializer(connections, sql, migrations, strategies.Observer);
        _appender = new AuditChainAppender(connections, sql, mapper, links, strategies.RowInserters, strategies.BatchAppender, strategies.InsertedRows, strategies.Observer);
        _chain = new AuditChainReader(connections, sql, mapper, links);
        _reader = new AuditRecordReader(connections, sql, mapper, new AuditIndexedSearchReader(connections, sql, mapper));
        _histogram = new AuditHistogramCellReader(connections, sql);
        _purger = new AuditPurger(connections, sql, strategies.Observer);
        _purgeLock = strategies.PurgeLock
            ?? (dialect.TryPurgeLockStatement(tableName) is { } tryLock && dialect.ReleasePurgeLockStatement(tableName) is { } release
                ? new AuditSessionPurgeLock(connections, tryLock, release)
                : new AuditInstancePurgeLock());
        _consumers = new AuditConsumerCheckpointStore(connections, tableName);
        _holds = new AuditLegalHoldStore(connections, tableName);
        var rewrites = new AuditRewriteRows(sql, mapper, links);
        _tombstones = new AuditTombstoneWriter(connections, sql, rewrites, strategies.Observer);
        _erasures = new AuditErasureWriter(connections, sql, rewrites, strategies.Observer);
        TableName = tableName;
    }

    /// <summary>The audit table this store reads and writes.</summary>
    public string TableName { get; }

    /// <summary>The schema version this store creates and expects.</summary>
    public int SchemaVersion => _schema.SchemaVersion;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => _schema.EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var rows = _appender.Encode(batch);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _appender.WriteAsync(batch, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="IAuditOrderedSink.WriteAfterAsync"/> for a store whose batch appender is an
    /// <see cref="IAuditOrderedBatchAppender"/>. Without one it writes nothing and returns <see langword="false"/>, so
    /// that the pipeline writes every batch the ordinary way.
    /// </summary>
    /// <param name="batch">The records, in the order the pipeline accepted them.</param>
    /// <param name="predecessor">The ids of the batch that must be stored before this one.</param>
    /// <param name="cancellationToken">Cancels the write; the batch is then not committed.</param>
    /// <returns><see langword="true"/> once the batch is committed, <see langword="false"/> when nothing was written.</returns>
    /// <exception cref="ArgumentException">A record of the batch is not valid.</exception>
    public async Task<bool> WriteAfterAsync(IReadOnlyList<AuditRecord> batch, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(predecessor);
        if (!_appender.WritesAfter)
        {
            return false;
        }

        if (batch.Count == 0)
        {
            return true;
        }

        var rows = _appender.Encode(batch);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _appender.WriteAfterAsync(batch, rows, predecessor, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditChainPosition?> GetChainPositionAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _chain.GetPositionAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var entry in _chain.ReadChainAsync(afterSequence, cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(query.Filter, "query.Filter");
        if (query.Limit is < 1 or > AuditStoreQuery.MaxLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"The query limit must be between 1 and {AuditStoreQuery.MaxLimit}.");
        }

        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.QueryPageAsync(query.Filter, query.After, query.Limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var record in _reader.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    /// <remarks>The pages of <see cref="StreamAsync"/>, selecting only the summary's columns.</remarks>
    public async IAsyncEnumerable<AuditRecord> StreamSummariesAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var record in _reader.StreamAsync(filter, cancellationToken, summary: true).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.CountAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement that stops after <paramref name="limit"/> matching rows (<see cref="IAuditSqlDialect.CountUpToStatement"/>),
    /// or, for a search the dialect's full-text index answers, its candidates newest first until the limit.
    /// </remarks>
    public async Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.CountUpToAsync(filter, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A search the dialect's full-text index answers is counted in chunks of candidates, each sized from the time the
    /// ones before took to end within <paramref name="timeLimit"/>; any other count is one statement that stops after
    /// <paramref name="limit"/> rows.
    /// </remarks>
    public async Task<AuditCount> CountWithinAsync(AuditFilter filter, long limit, TimeSpan timeLimit, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeLimit, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var deadline = new AuditCountDeadline(timeLimit, timeProvider);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.CountUpToAsync(filter, limit, deadline, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.GetAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.GetFacetsAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One grouped count over the filter's WHERE clause, numbered by the dialect's <see cref="IAuditSqlDialect.HistogramBucketExpression"/>.</remarks>
    public async Task<IReadOnlyList<AuditHistogramCell>> CountPerBucketAsync(AuditFilter filter, AuditHistogramBuckets buckets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(buckets);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _histogram.CountPerBucketAsync(filter, buckets, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetEarliestOccurredAtAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.GetOldestOccurredAtAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The strategies' <see cref="RelationalAuditStoreStrategies.PurgeLock"/>, else the dialect's session lock
    /// (<see cref="IAuditSqlDialect.TryPurgeLockStatement"/>), else a lock within this instance.
    /// </remarks>
    public Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default) => _purgeLock.TryAcquirePurgeLockAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Only a prefix of the chain is removed: rows go in sequence order, and the purge stops at the first row
    /// that is not older than the cutoff (a record imported with an old time, written after newer ones, waits
    /// until the rows before it expire). The last removed link becomes the retention anchor, in the same transaction.
    /// </remarks>
    public async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _purger.PurgeAsync(occurredBefore, maxRows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.GetNewestRecordedAtAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Positions and leases live in <see cref="AuditSql.ConsumersTable"/>, keyed by this store's table and the consumer's name.</remarks>
    public async Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _consumers.TryAcquireLeaseAsync(consumer, owner, now, duration, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _consumers.AdvanceAsync(consumer, owner, position, now, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _consumers.ReleaseLeaseAsync(consumer, owner, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _consumers.GetCheckpointsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Holds live in <see cref="AuditSql.HoldsTable"/>, keyed by this store's table and the hold's id.</remarks>
    public async Task AddHoldAsync(AuditLegalHold hold, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        await _holds.AddAsync(hold, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseHoldAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _holds.ReleaseAsync(id, releasedBy, releasedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditLegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _holds.GetAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>One <c>MIN(occurred_at)</c> over the scope's filter, which the tenant and actor indexes answer by a seek.</remarks>
    public async Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditLegalHoldScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.GetOldestOccurredAtAsync(scope.ToFilter(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Tombstones nothing (returns 0) when the dialect does not <see cref="IAuditSqlDialect.SupportsRowRewrites"/>.</remarks>
    public async Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> rows, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _tombstones.TombstoneAsync(rows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The dialect does not <see cref="IAuditSqlDialect.SupportsRowRewrites"/>.</exception>
    public async Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken = default)
    {
        await _schema.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        return await _erasures.EraseAsync(actorId, pseudonym, cancellationToken).ConfigureAwait(false);
    }
}
