using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using AuditTrail.Relational.Internal;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// An <see cref="IAuditStore"/> over any relational database, written once with Dapper: filters, keyset
/// paging, idempotent batch insert, counting, facets, purge, streaming and schema versioning. What differs
/// between databases comes from the <see cref="IAuditSqlDialect"/>.
/// </summary>
/// <remarks>
/// Every row is a link of the hash chain (<see cref="AuditChain"/>): inside the write transaction, under the
/// dialect's chain lock, the store reads the head, gives each new record the next sequence number and
/// <c>SHA-256(previous hash ‖ canonical(sequence, record))</c>. Purges remove only a prefix of the chain and
/// record its last link as the retention anchor, so the rest stays verifiable.
/// </remarks>
/// <remarks>
/// The schema is created or migrated lazily, once per instance, before the first operation (or by
/// <see cref="InitializeAsync"/>); a failed initialization is retried by the next call. Instances are
/// thread-safe and hold no connection between calls.
/// </remarks>
public class RelationalAuditStore : IAuditStore, IAuditChainStore
{
    /// <summary>How many rows <see cref="StreamAsync"/> reads per round trip.</summary>
    public const int StreamPageSize = AuditQuery.MaxLimit;

    /// <summary>How many full-text candidates an indexed search examines for one page before it asks one query instead.</summary>
    private const int MaxIndexedSearchCandidates = 20_000;

    private const int MaxIndexedSearchChunk = 4_096;

    private readonly IAuditSqlDialect _dialect;
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _openConnection;
    private readonly AuditStatements _sql;
    private readonly AuditRecordMapper _mapper;
    private readonly IReadOnlyList<AuditSchemaMigration> _migrations;
    private readonly Lock _initializationLock = new();
    private Task? _initialization;

    /// <summary>Creates a store.</summary>
    /// <param name="dialect">The SQL dialect of the database.</param>
    /// <param name="openConnection">
    /// Returns a new connection to the database, open or not (the store opens a closed one). The store
    /// disposes it after each operation, so it should come from a pool.
    /// </param>
    /// <param name="tableName">The audit table; it must match <see cref="AuditSql.IdentifierPattern"/>.</param>
    /// <exception cref="ArgumentException">The table name is not valid, or the dialect's migrations are not numbered 1, 2, 3, ....</exception>
    public RelationalAuditStore(IAuditSqlDialect dialect, Func<CancellationToken, ValueTask<DbConnection>> openConnection, string tableName)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(openConnection);
        if (AuditSql.GetTableNameProblem(tableName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(tableName));
        }

        _dialect = dialect;
        _openConnection = openConnection;
        _sql = new AuditStatements(dialect, tableName);
        _mapper = new AuditRecordMapper(dialect);
        _migrations = dialect.GetMigrations(tableName);
        for (var i = 0; i < _migrations.Count; i++)
        {
            if (_migrations[i].Version != i + 1)
            {
                throw new ArgumentException(
                    $"The dialect's migrations must be numbered 1, 2, 3, ... without gaps; position {i} has version {_migrations[i].Version}.",
                    nameof(dialect));
            }
        }

        if (_migrations.Count == 0)
        {
            throw new ArgumentException("The dialect returned no migrations for the audit table.", nameof(dialect));
        }

        TableName = tableName;
    }

    /// <summary>The audit table this store reads and writes.</summary>
    public string TableName { get; }

    /// <summary>The schema version this store creates and expects.</summary>
    public int SchemaVersion => _migrations.Count;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default) => EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        // Validate and encode everything before touching the database, so a bad record costs no transaction.
        var rows = new object?[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            rows[i] = _mapper.ToColumnValues(batch, i);
        }

        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginChainTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var head = await ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var sequence = head?.Sequence ?? 0;
                var previousHash = head?.Hash ?? AuditChain.GenesisHash.ToArray();

                // A record already stored (a retried batch) or repeated in this batch takes no sequence number.
                var skipped = InsertReportsStoredIds ? null : await ExistingIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
                var inserter = await CreateRowInserterAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await using (inserter.ConfigureAwait(false))
                {
                    var values = new object?[AuditColumns.Inserted.Count];
                    for (var r = 0; r < rows.Length; r++)
                    {
                        if (skipped is not null && !skipped.Add(batch[r].Id))
                        {
                            continue;
                        }

                        var hash = AuditChain.ComputeHash(previousHash, sequence + 1, _mapper.AsStored(rows[r]));
                        values[0] = sequence + 1;
                        rows[r].CopyTo(values, 1);
                        values[^1] = hash;
                        if (await inserter.TryInsertAsync(values, cancellationToken).ConfigureAwait(false))
                        {
                            sequence++;
                            previousHash = hash;
                        }
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        OnRowsCommitted();
    }

    /// <inheritdoc />
    public async Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadAnchorAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

        await foreach (var entry in ReadAheadAsync<AuditChainEntry>(
            (last, token) => ReadChainPageAsync(last?.Sequence ?? afterSequence, token), cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }
    }

    private async Task<IReadOnlyList<AuditChainEntry>> ReadChainPageAsync(long after, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var sql = _sql.ChainPage(after, StreamPageSize, parameters);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await QueryRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);
            return rows.Select(row => new AuditChainEntry(row.Seq, row.Hash ?? [], _mapper.ToRecord(row))).ToList();
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

        return await QueryPageAsync(query.Filter, query.After, query.Limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);

        // Keyset pages rather than one open reader: no connection or read snapshot is held while the
        // consumer is slow (in SQLite WAL an open reader would stop checkpoints and grow the log).
        await foreach (var record in ReadAheadAsync<AuditRecord>(
            (last, token) => QueryPageAsync(filter, last is null ? null : new AuditPosition(last.OccurredAt, last.Id), StreamPageSize, token),
            cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <summary>
    /// Pages of <see cref="StreamPageSize"/> items, each read from the last item of the one before, the next one
    /// read on the thread pool while the consumer works through the current one, so reading and consuming
    /// overlap. At most two pages are held; a consumer that stops early leaves one read to finish unobserved.
    /// </summary>
    private static async IAsyncEnumerable<T> ReadAheadAsync<T>(
        Func<T?, CancellationToken, Task<IReadOnlyList<T>>> readPage, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var next = readPage(null, cancellationToken);
        while (true)
        {
            var page = await next.ConfigureAwait(false);
            var more = page.Count == StreamPageSize;
            if (more)
            {
                var last = page[^1];
                next = Task.Run(() => readPage(last, cancellationToken), cancellationToken);
            }

            try
            {
                foreach (var item in page)
                {
                    yield return item;
                }
            }
            finally
            {
                if (more)
                {
                    // When the consumer stopped early, the read ahead is abandoned: observe its failure, if any.
                    _ = next.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                }
            }

            if (!more)
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new AuditSqlParameters();
        var sql = _sql.Count(filter, parameters);
        var connection = await OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(Command(sql, parameters, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new AuditSqlParameters();
        var sql = _sql.Get(id, parameters);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await QueryRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : _mapper.ToRecord(rows[0]);
        }
    }

    /// <inheritdoc />
    public async Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var actorParameters = new AuditSqlParameters();
            var actorRows = await connection.QueryAsync<ActorFacetRow>(
                Command(_sql.ActorFacets(filter, actorParameters), actorParameters, cancellationToken)).ConfigureAwait(false);

            var typeParameters = new AuditSqlParameters();
            var typeNames = await connection.QueryAsync<string>(
                Command(_sql.DistinctValues(AuditColumns.ActionType, filter, typeParameters), typeParameters, cancellationToken)).ConfigureAwait(false);

            var actionParameters = new AuditSqlParameters();
            var actions = await connection.QueryAsync<string>(
                Command(_sql.DistinctValues(AuditColumns.Action, filter, actionParameters), actionParameters, cancellationToken)).ConfigureAwait(false);

            var actors = actorRows
                .Select(row => new AuditActor(row.ActorId, row.ActorName, AuditEnumNames.ParseStored<AuditActorType>(row.ActorType, AuditColumns.ActorType)))
                .OrderBy(actor => actor.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(actor => actor.DisplayName, StringComparer.Ordinal)
                .ThenBy(actor => actor.Id, StringComparer.Ordinal)
                .ToArray();
            var actionTypes = typeNames
                .Select(name => AuditEnumNames.ParseStored<AuditActionType>(name, AuditColumns.ActionType))
                .Order()
                .ToArray();
            return new AuditFacets(actors, actionTypes, actions.Order(StringComparer.Ordinal).ToArray());
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only a prefix of the chain is removed: rows go in sequence order, and the purge stops at the first row
    /// that is not older than the cutoff (a record imported with an old time, written after newer ones, waits
    /// until the rows before it expire). The last removed link becomes the retention anchor, in the same transaction.
    /// </remarks>
    public async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await BeginChainTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var oldest = await connection.QueryAsync<ChainLinkRow>(new CommandDefinition(
                    _sql.OldestLinks, new { limit = maxRows }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                ChainLinkRow? last = null;
                var count = 0;
                foreach (var link in oldest)
                {
                    if (_dialect.FromDbTime(link.OccurredAt!) >= occurredBefore)
                    {
                        break;
                    }

                    last = link;
                    count++;
                }

                if (last is null)
                {
                    return 0;
                }

                deleted = await connection.ExecuteAsync(new CommandDefinition(
                    _sql.DeleteThrough, new { through = last.Sequence }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var anchor = new { tableName = TableName, sequence = last.Sequence, hash = last.Hash ?? [] };
                var updated = await connection.ExecuteAsync(new CommandDefinition(_sql.UpdateAnchor, anchor, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (updated == 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(_sql.InsertAnchor, anchor, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                if (deleted != count)
                {
                    throw new InvalidOperationException($"The purge expected to delete {count} row(s) through sequence {last.Sequence} but deleted {deleted}; it was rolled back.");
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (deleted > 0)
        {
            await OnPurgedAsync(cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var value = await connection.ExecuteScalarAsync<object?>(
                new CommandDefinition(_sql.NewestRecordedAt, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return value is null or DBNull ? null : _dialect.FromDbTime(value);
        }
    }

    /// <summary>Opens a connection and applies the dialect's per-connection settings.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    protected ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(_openConnection, cancellationToken);

    /// <summary>Opens a connection from another factory (a store's second pool) and applies the dialect's per-connection settings.</summary>
    internal async ValueTask<DbConnection> OpenAsync(Func<CancellationToken, ValueTask<DbConnection>> openConnection, CancellationToken cancellationToken)
    {
        var connection = await openConnection(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The connection factory of the audit store returned null.");
        try
        {
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }

            await _dialect.PrepareConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A write transaction holding the dialect's chain lock, so only one writer extends or trims the chain at a time.</summary>
    private Task<DbTransaction> BeginChainTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginLockedTransactionAsync(connection, _sql.ChainLock, cancellationToken);

    /// <summary>A write transaction that first runs the dialect's lock statement, if it has one; the lock is held to commit.</summary>
    private async Task<DbTransaction> BeginLockedTransactionAsync(DbConnection connection, string? lockStatement, CancellationToken cancellationToken)
    {
        var transaction = await _dialect.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (lockStatement is null)
        {
            return transaction;
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(lockStatement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The newest row's link, or the retention anchor when the purge left no row.</summary>
    private async Task<AuditChainPosition?> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var head = await connection.QuerySingleOrDefaultAsync<ChainLinkRow>(new CommandDefinition(
            _sql.Head, new { one = 1 }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var anchor = await ReadAnchorAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return anchor;
        }

        if (head.Hash is not { Length: AuditChain.HashLength })
        {
            throw new InvalidDataException($"The audit row at sequence {head.Sequence} has no valid chain hash; the table was altered outside AuditTrail.");
        }

        return anchor is not null && anchor.Sequence > head.Sequence ? anchor : new AuditChainPosition(head.Sequence, head.Hash);
    }

    private async Task<AuditChainPosition?> ReadAnchorAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var anchor = await connection.QuerySingleOrDefaultAsync<ChainLinkRow>(new CommandDefinition(
            _sql.Anchor, new { tableName = TableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return anchor is null ? null : new AuditChainPosition(anchor.Sequence, anchor.Hash ?? []);
    }

    /// <summary>The ids of the batch that are already stored, read in chunks that stay under every database's parameter limit.</summary>
    private async Task<HashSet<Guid>> ExistingIdsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        const int chunkSize = 500;
        var existing = new HashSet<Guid>();
        foreach (var chunk in batch.Select(record => record.Id).Distinct().Chunk(chunkSize))
        {
            var parameters = new AuditSqlParameters();
            var sql = _sql.ExistingIds([.. chunk.Select(_dialect.ToDbId)], parameters);
            var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken, transaction)).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing.Add(_dialect.FromDbId(reader.GetValue(0)));
                }
            }
        }

        return existing;
    }

    private static CommandDefinition Command(string sql, AuditSqlParameters parameters, CancellationToken cancellationToken, DbTransaction? transaction = null) =>
        new(sql, parameters.ToDynamicParameters(), transaction, cancellationToken: cancellationToken);

    /// <summary>The dialect's insert-if-absent statement of this table, binding <c>@</c> + each of <see cref="AuditColumns.Inserted"/>.</summary>
    internal string InsertStatement => _sql.Insert;

    /// <summary>
    /// Whether the row inserter's <see cref="AuditRowInserter.TryInsertAsync"/> returns <see langword="false"/> for a row
    /// whose id is already stored. When not (the default: row counts are not reliable across providers and session
    /// settings, such as SQL Server's NOCOUNT), the store reads the stored ids of each batch first and skips them.
    /// </summary>
    internal virtual bool InsertReportsStoredIds => false;

    /// <summary>
    /// The inserter of one write transaction's rows: by default the dialect's <see cref="IAuditSqlDialect.InsertIfAbsentStatement"/>
    /// prepared once and re-bound per row.
    /// </summary>
    internal virtual async ValueTask<AuditRowInserter> CreateRowInserterAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await CommandRowInserter.CreateAsync(connection, transaction, _sql.Insert, _dialect, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens the connection for statements of <paramref name="filter"/>; a store whose search needs more than <see cref="OpenAsync(CancellationToken)"/> gives overrides it.</summary>
    internal virtual ValueTask<DbConnection> OpenForFilterAsync(AuditFilter filter, CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    /// <summary>Called after each write transaction that committed, outside it.</summary>
    internal virtual void OnRowsCommitted()
    {
    }

    /// <summary>Called after a purge that deleted rows committed, outside its transaction.</summary>
    internal virtual Task OnPurgedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once the schema is current, on the connection that checked it, after its transaction committed.</summary>
    internal virtual Task OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs a SELECT of the shared columns (named as <see cref="AuditColumns"/>) and reads its rows: through ADO.NET
    /// (<see cref="AuditRowReader"/>) here, and through a faster reader where a store has one (the SQLite store reads column bytes directly).
    /// </summary>
    internal virtual async Task<IReadOnlyList<AuditRow>> QueryRowsAsync(DbConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken)
    {
        var reader = await connection.ExecuteReaderAsync(Command(sql, parameters, cancellationToken)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await AuditRowReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one SELECT of the shared columns for a query of <paramref name="filter"/> and reads its rows: on a connection
    /// from <see cref="OpenForFilterAsync"/> here; a store that has a cheaper connection for such a read overrides it.
    /// </summary>
    internal virtual async Task<IReadOnlyList<AuditRow>> QueryRowsAsync(AuditFilter filter, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken)
    {
        var connection = await OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await QueryRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<AuditRecord>> QueryPageAsync(AuditFilter filter, AuditPosition? after, int limit, CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(filter.Search))
        {
            var page = await SearchPageAsync(filter, filter.Search, after, limit, cancellationToken).ConfigureAwait(false);
            if (page is not null)
            {
                return page;
            }
        }

        var parameters = new AuditSqlParameters();
        var sql = _sql.Query(filter, after, limit, parameters);
        var rows = await QueryRowsAsync(filter, sql, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(_mapper.ToRecord).ToArray();
    }

    /// <summary>
    /// A page of a search through the dialect's <see cref="IAuditSqlDialect.IndexedSearch"/>: index candidates are
    /// taken newest sequence first, in growing chunks, and confirmed with the other filters until a page is full.
    /// Sequence order is not time order (an event can be logged with an earlier time than one stored before it),
    /// so one more indexed query then fetches every row below the last candidate that sorts before the page's
    /// last row; the page is exactly the one the single-query search would return. Returns
    /// <see langword="null"/> when the candidates run past <see cref="MaxIndexedSearchCandidates"/> without filling
    /// a page (a rare term under selective filters), for the single query to answer.
    /// </summary>
    private async Task<IReadOnlyList<AuditRecord>?> SearchPageAsync(AuditFilter filter, string search, AuditPosition? after, int limit, CancellationToken cancellationToken)
    {
        var others = filter with { Search = null };
        var found = new List<AuditRecord>();
        var below = long.MaxValue;
        var chunk = Math.Max(64, limit + 1);
        var examined = 0;

        // Every statement of a chunk shares one parameter set: the dialect binds the search once, and the
        // candidates query and the confirming queries each use the part they need.
        (AuditIndexedSearch Search, AuditSqlParameters Parameters)? Chunk()
        {
            var parameters = new AuditSqlParameters();
            var statements = _dialect.IndexedSearch(TableName, search, parameters, parameters.Add(below), parameters.Add(chunk));
            return statements is null ? null : (statements, parameters);
        }

        if (Chunk() is not { } current)
        {
            return null;
        }

        var connection = await OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                var (indexed, parameters) = current;
                var candidates = (await connection.QueryAsync<long>(Command(indexed.CandidatesStatement, parameters, cancellationToken)).ConfigureAwait(false)).AsList();
                if (candidates.Count > 0)
                {
                    below = candidates[^1];
                    var sql = _sql.QueryCandidates(candidates, others, after, indexed.ConfirmPredicate, parameters);
                    var rows = await QueryRowsAsync(connection, sql, parameters, cancellationToken).ConfigureAwait(false);
                    found.AddRange(rows.Select(_mapper.ToRecord));
                }

                examined += candidates.Count;
                if (candidates.Count < chunk)
                {
                    // The index has no more candidates: everything that matches was confirmed or rejected.
                    return SortAndTake(found, limit);
                }

                if (found.Count >= limit)
                {
                    break;
                }

                if (examined >= MaxIndexedSearchCandidates)
                {
                    return null;
                }

                chunk = Math.Min(chunk * 4, MaxIndexedSearchChunk);
                current = Chunk()!.Value;
            }

            // Rows below the last candidate that sort before the page's last row: stored out of time order.
            var last = SortAndTake(found, limit)[^1];
            var (lateSearch, lateParameters) = Chunk()!.Value;
            var lateSql = _sql.QueryStoredBefore(below, new AuditPosition(last.OccurredAt, last.Id), others, after, lateSearch.ConfirmPredicate, lateParameters);
            var late = await QueryRowsAsync(connection, lateSql, lateParameters, cancellationToken).ConfigureAwait(false);
            found.AddRange(late.Select(_mapper.ToRecord));
            return SortAndTake(found, limit);
        }
    }

    /// <summary>Newest first, as <c>ORDER BY occurred_at DESC, id DESC</c> over the stored id text.</summary>
    private static AuditRecord[] SortAndTake(List<AuditRecord> records, int limit) =>
        [.. records
            .OrderByDescending(record => record.OccurredAt)
            .ThenByDescending(record => record.Id.ToString("D"), StringComparer.Ordinal)
            .Take(limit)];

    private Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        var initialization = Volatile.Read(ref _initialization);
        if (initialization is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_initializationLock)
        {
            if (_initialization is null || _initialization.IsFaulted || _initialization.IsCanceled)
            {
                // Shared by every caller, so no single caller's token may cancel it; Task.Run keeps a provider
                // whose async methods complete synchronously from running the migration under this lock.
                _initialization = Task.Run(() => MigrateAsync(CancellationToken.None), CancellationToken.None);
            }

            initialization = _initialization;
        }

        return initialization.WaitAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The schema transaction serializes initializers across processes; each re-reads the version under it.
            var transaction = await BeginLockedTransactionAsync(connection, _dialect.SchemaLockStatement, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(new CommandDefinition(_sql.CreateVersionTable, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    _sql.CurrentVersion, new { tableName = TableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

                if (current > _migrations.Count)
                {
                    throw new InvalidOperationException(
                        $"The audit table '{TableName}' has schema version {current}, but this version of AuditTrail knows versions up to {_migrations.Count}. " +
                        "Upgrade the AuditTrail packages of this application.");
                }

                foreach (var migration in _migrations.Skip((int)current))
                {
                    foreach (var statement in migration.Statements)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(statement, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    }

                    await connection.ExecuteAsync(new CommandDefinition(
                        _sql.RecordVersion,
                        new { tableName = TableName, version = migration.Version, description = migration.Description },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            await OnInitializedAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }
}
