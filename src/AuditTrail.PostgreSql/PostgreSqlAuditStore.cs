using System.Data.Common;
using AuditTrail.Relational;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The PostgreSQL audit store: one table that many application instances share. Each instance writes its batches
/// in its own transactions (an id already stored is skipped, so a retried batch never duplicates), readers see
/// one order, and the schema is created or migrated once, under an advisory lock, however many instances start
/// at the same time.
/// </summary>
/// <remarks>
/// Usually registered with <c>services.AddAuditTrail().UseNpgsql(dataSource)</c>; construct it directly only
/// outside dependency injection. Ids are stored as <c>uuid</c>, times as <c>timestamptz</c> (microseconds),
/// changes and metadata as <c>jsonb</c>; search uses a pg_trgm GIN index, so the extension must exist or be
/// creatable by the store's role.
/// </remarks>
public sealed class PostgreSqlAuditStore : RelationalAuditStoreFacade, IAuditOrderedSink, IAuditChainRangeChecker, IAuditCommitFlush, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlChainRangeChecker _rangeChecker;
    private readonly NpgsqlDataSource? _ownedDataSource;
    private readonly PostgreSqlSearchCatchUp _searchCatchUp;
    private readonly AuditBackgroundPass _searchIndexer;
    private readonly PostgreSqlWriteConnection _writeConnection;
    private readonly PostgreSqlSearchIndexObserver _searchObserver;
    private readonly PostgreSqlPartitionPurger? _partitionPurger;

    /// <summary>Creates a store over connections of <paramref name="dataSource"/>; the schema is created on first use.</summary>
    /// <param name="dataSource">Where connections come from; the caller keeps ownership and disposes it.</param>
    /// <param name="options">The options; their values are copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem by option name.</exception>
    public PostgreSqlAuditStore(NpgsqlDataSource dataSource, PostgreSqlAuditStoreOptions options)
        : this(dataSource, options, ownsDataSource: false)
    {
    }

    /// <summary>
    /// Creates a store that writes row by row through the shared relational code (<paramref name="batchedWrites"/>
    /// <see langword="false"/>), so that tests hold both write paths to the same contract.
    /// </summary>
    /// <remarks>
    /// The clock <c>timeProvider</c> decides which months get a partition ahead (the system clock when null); <c>logger</c>
    /// gets the warning of a month drop that gave up on a reader's lock (none when null).
    /// </remarks>
    internal PostgreSqlAuditStore(
        NpgsqlDataSource dataSource, PostgreSqlAuditStoreOptions options, bool ownsDataSource, bool batchedWrites = true, TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        options = Validate(options);
        timeProvider ??= TimeProvider.System;
        var dialect = new PostgreSqlAuditSqlDialect(options.Schema, partitioned: options.Partitioning is not null);
        _searchCatchUp = new PostgreSqlSearchCatchUp(dataSource, new PostgreSqlSearchRows(dialect, options.Schema, options.TableName), options.TableName);
        _searchIndexer = new AuditBackgroundPass(_searchCatchUp.RunAsync, options.IndexSearchInBackground, TimeProvider.System);
        _writeConnection = new PostgreSqlWriteConnection(dataSource);
        _searchObserver = new PostgreSqlSearchIndexObserver(_searchCatchUp, _searchIndexer);
        IAuditStoreObserver observer = _searchObserver;
        if (options.Partitioning is { } partitioning)
        {
            var partitions = new PostgreSqlPartitions(dialect, options.TableName);
            var layout = new PostgreSqlPartitionedLayout(dialect, partitions, options.TableName, partitioning.MonthsAhead, timeProvider);
            observer = new PostgreSqlPartitionedLayoutObserver(layout, _searchObserver);
            _partitionPurger = new PostgreSqlPartitionPurger(dataSource, dialect, partitions, options.TableName, partitioning.MonthsAhead, timeProvider, logger ?? NullLogger.Instance);
        }

        Store = new RelationalAuditStore(dialect, OpenFrom(dataSource), options.TableName, new RelationalAuditStoreStrategies
        {
            BatchAppender = batchedWrites ? new PostgreSqlBatchAppender(dialect, options.TableName, _writeConnection) : null,
            Observer = observer,
        });
        Schema = options.Schema;
        _dataSource = dataSource;
        _rangeChecker = new PostgreSqlChainRangeChecker(dialect, options.TableName);
        _ownedDataSource = ownsDataSource ? dataSource : null;
    }

    /// <summary>The schema that holds the audit table.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public Task<bool> WriteAfterAsync(IReadOnlyList<AuditRecord> batch, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default) =>
        Store.WriteAfterAsync(batch, predecessor, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Commits one transaction that writes a WAL record (the writes' flush barrier) with the session's own
    /// <c>synchronous_commit</c>: its flush covers every commit before it.
    /// </remarks>
    public async Task FlushCommittedAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(PostgreSqlBatchAppender.FlushBarrier, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Indexes, in the calling thread, every row committed before the call that the search index lacks (all of them
    /// after an upgrade to schema v6); the store does it in the background unless
    /// <see cref="PostgreSqlAuditStoreOptions.IndexSearchInBackground"/> is off.
    /// </summary>
    /// <param name="cancellationToken">Cancels between passes of <c>5 000</c> rows; what was indexed stays.</param>
    /// <returns>How many rows were indexed.</returns>
    public async Task<long> UpdateSearchIndexAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _searchCatchUp.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="PostgreSqlAuditStoreOptions.Partitioning"/>, whole months go first: each month partition that ends
    /// by the cutoff and holds the oldest links of the chain is detached and dropped, with the retention anchor written
    /// in the same transaction, whatever <paramref name="maxRows"/> says (a drop is one catalog operation, not row
    /// deletes); then up to <paramref name="maxRows"/> rows go one by one as without partitions. The result counts both.
    /// When a drop cannot get its lock within 5 seconds (a reader's open transaction), nothing is dropped and the call
    /// purges row by row; so do the following calls, without trying again, until one takes fewer than
    /// <paramref name="maxRows"/> rows (the end of the caller's pass). The warning is logged once.
    /// </remarks>
    public override async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        if (_partitionPurger is null)
        {
            return await base.PurgeAsync(occurredBefore, maxRows, cancellationToken).ConfigureAwait(false);
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var dropped = await _partitionPurger.DropExpiredMonthsAsync(occurredBefore, cancellationToken).ConfigureAwait(false);
        if (dropped > 0)
        {
            await _searchObserver.OnPurgedAsync(cancellationToken).ConfigureAwait(false);
        }

        var deleted = await base.PurgeAsync(occurredBefore, maxRows, cancellationToken).ConfigureAwait(false);
        if (deleted < maxRows)
        {
            _partitionPurger.EndPass();
        }

        return (int)Math.Min(int.MaxValue, dropped + deleted);
    }

    /// <summary>
    /// How long a purge waits for the lock a month partition's drop needs (its <c>lock_timeout</c>) while another
    /// transaction (a long read, export or verification) holds one on the table; past it that pass drops nothing and
    /// purges the month row by row instead, and a later purge drops it. 5 seconds.
    /// </summary>
    public static TimeSpan PartitionDropLockTimeout => PostgreSqlPartitionPurger.LockWait;

    /// <summary>
    /// The month partitions a purge before <paramref name="occurredBefore"/> would drop whole now, oldest first, without
    /// changing anything: what <see cref="PurgeAsync"/> removes before it goes row by row. Empty without
    /// <see cref="PostgreSqlAuditStoreOptions.Partitioning"/>.
    /// </summary>
    /// <param name="occurredBefore">The purge's exclusive cutoff.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The months, oldest first.</returns>
    public async Task<IReadOnlyList<PostgreSqlPartitionDrop>> PlanPartitionDropsAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default)
    {
        if (_partitionPurger is null)
        {
            return [];
        }

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await _partitionPurger.PlanAsync(occurredBefore, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Reads the range's binary column values on a connection of its own from the data source and hashes them
    /// without building records, faster than <see cref="RelationalAuditStoreFacade.ReadChainAsync"/>;
    /// <see cref="AuditVerifier"/> uses it for every range and reads records only from the first range it does not confirm.
    /// </remarks>
    /// <exception cref="ArgumentException">The range is empty or reversed, or its previous hash is not 32 bytes.</exception>
    public async Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default)
    {
        ThrowIfInvalid(range);

        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await _rangeChecker.CheckAsync(connection, range, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How far the search index is: the highest indexed sequence number and the newest row's.</summary>
    internal Task<(long IndexedThrough, long Latest)> GetSearchIndexProgressAsync(CancellationToken cancellationToken = default) =>
        _searchCatchUp.GetProgressAsync(cancellationToken);

    /// <summary>
    /// Stops the background search indexing, closes the connection the store keeps for writes, then disposes the data
    /// source when the store created it from a connection string.
    /// </summary>
    /// <returns>A task that completes when all are done.</returns>
    public async ValueTask DisposeAsync()
    {
        await _searchIndexer.DisposeAsync().ConfigureAwait(false);
        await _writeConnection.DisposeAsync().ConfigureAwait(false);
        if (_ownedDataSource is not null)
        {
            await _ownedDataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the background search indexing, closes the connection the store keeps for writes, then disposes the data
    /// source when the store created it from a connection string.
    /// </summary>
    public void Dispose()
    {
        _searchIndexer.Dispose();
        _writeConnection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ownedDataSource?.Dispose();
    }

    /// <summary>Creates a store that owns a data source built from <paramref name="connectionString"/>.</summary>
    internal static PostgreSqlAuditStore Create(string connectionString, PostgreSqlAuditStoreOptions options, ILogger? logger = null)
    {
        _ = Validate(options);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        return new PostgreSqlAuditStore(dataSource, options, ownsDataSource: true, logger: logger);
    }

    private static Func<CancellationToken, ValueTask<DbConnection>> OpenFrom(NpgsqlDataSource dataSource) =>
        async cancellationToken => await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    private static PostgreSqlAuditStoreOptions Validate(PostgreSqlAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = PostgreSqlAuditStoreOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        return new PostgreSqlAuditStoreOptions
        {
            Schema = options.Schema,
            TableName = options.TableName,
            IndexSearchInBackground = options.IndexSearchInBackground,
            Partitioning = options.Partitioning is { } partitioning ? new PostgreSqlPartitioningOptions { MonthsAhead = partitioning.MonthsAhead } : null,
        };
    }
}
