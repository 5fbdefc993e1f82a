using System.Globalization;
using AuditTrail.Relational;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Retention by whole months: detaches and drops, oldest first, each month partition that ends at or before the cutoff
/// and holds a prefix of the chain (no row outside it has a smaller sequence number), and writes the retention anchor
/// (the month's last link) in the same transaction. That removes exactly what the row-by-row purge would remove, in
/// one catalog operation; a month that fails either test stops the drops and is left to the row purge.
/// </summary>
/// <remarks>
/// The cutoff already stops before anything that must stay (a legal hold, a consumer's unhandled records, the longest
/// category period), so a month with such a record ends after it and is never dropped whole. The same pass creates the
/// months ahead that are missing, so partitions follow the clock even in a store that never restarts. A drop that meets
/// a reader's lock gives up after <see cref="LockWait"/>, dropping nothing; the months then wait for the next pass (the
/// purge goes on row by row) rather than hold the writers up again at every batch of this one.
/// </remarks>
internal sealed class PostgreSqlPartitionPurger
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlPartitions _partitions;
    private readonly string _tableName;
    private readonly string _rewriteLock;
    private readonly string _chainLock;
    private readonly string _upsertAnchor;
    private readonly string _occurredAt;
    private readonly string _seq;
    private readonly string _hash;
    private readonly int _monthsAhead;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Set when a drop gave up on a lock; the rest of the pass then purges row by row without trying (and waiting) again.
    private volatile bool _deferred;

    public PostgreSqlPartitionPurger(
        NpgsqlDataSource dataSource, PostgreSqlAuditSqlDialect dialect, PostgreSqlPartitions partitions, string tableName, int monthsAhead, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _partitions = partitions;
        _tableName = tableName;
        _rewriteLock = dialect.RewriteLockStatement(tableName);
        _chainLock = dialect.ChainLockStatement(tableName);
        _upsertAnchor = $"INSERT INTO {dialect.QualifyTableName(AuditSql.ChainTable)} (table_name, anchor_seq, anchor_hash) VALUES ($1, $2, $3) " +
            "ON CONFLICT (table_name) DO UPDATE SET anchor_seq = excluded.anchor_seq, anchor_hash = excluded.anchor_hash";
        _occurredAt = dialect.QuoteIdentifier(AuditColumns.OccurredAt);
        _seq = dialect.QuoteIdentifier(AuditColumns.Seq);
        _hash = dialect.QuoteIdentifier(AuditColumns.Hash);
        _monthsAhead = monthsAhead;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Drops the whole months before <paramref name="occurredBefore"/> that may go. When a lock on the table is not
    /// granted within <see cref="LockWait"/> (a reader's open transaction), drops nothing, logs a warning once, and
    /// tries again only after <see cref="EndPass"/>: the caller purges row by row meanwhile.
    /// </summary>
    /// <returns>How many records the dropped months held.</returns>
    public async Task<long> DropExpiredMonthsAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default)
    {
        if (_deferred)
        {
            return 0;
        }

        var (dropped, gaveUp) = await DropOnceAsync(occurredBefore, cancellationToken).ConfigureAwait(false);
        if (gaveUp is not null)
        {
            _deferred = true;
            PostgreSqlPartitionPurgeLog.DropDeferred(_logger, gaveUp, _partitions.Table, (int)LockWait.TotalSeconds, null);
        }

        return dropped;
    }

    /// <summary>Ends a purge pass (its last batch took fewer rows than it could): the next pass tries the drops again.</summary>
    public void EndPass() => _deferred = false;

    /// <summary>One drop transaction: how many records went, or what it gave up on a lock (and then nothing went).</summary>
    private async Task<(long Dropped, string? GaveUp)> DropOnceAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _rewriteLock, cancellationToken).ConfigureAwait(false);
                await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _chainLock, cancellationToken).ConfigureAwait(false);

                // Creating, detaching and dropping a partition waits for every transaction that has read the table (a long
                // export or verification) while this one holds the chain lock, which every writer needs, and makes new
                // readers queue behind it: the wait is bounded, and the pass gives up rather than stall them.
                await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, LockTimeoutStatement, cancellationToken).ConfigureAwait(false);
                var now = PostgreSqlPartitions.MonthOf(_timeProvider.GetUtcNow());
                try
                {
                    await _partitions.EnsureMonthsAsync(connection, transaction, now, PostgreSqlPartitions.Ahead(now, _monthsAhead), cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                {
                    // Disposing the transaction rolls it back, ending its lock waits.
                    return (0, "creating the months ahead");
                }

                long dropped = 0;
                await foreach (var month in ExpiredMonthsAsync(connection, transaction, occurredBefore, cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        await DropAsync(connection, transaction, month, cancellationToken).ConfigureAwait(false);
                    }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
                    {
                        // Rolled back whole: the months before this one in the same transaction are not dropped either.
                        return (0, $"dropping the month partition {month.Name}");
                    }

                    dropped += month.RowCount;
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (dropped, null);
            }
        }
    }

    /// <summary>How long a pass waits for a lock on the table before it gives up dropping, and purges row by row instead.</summary>
    internal static readonly TimeSpan LockWait = TimeSpan.FromSeconds(5);

    /// <summary>Sets <see cref="LockWait"/> as the transaction's <c>lock_timeout</c>.</summary>
    internal static readonly string LockTimeoutStatement = string.Create(CultureInfo.InvariantCulture, $"SET LOCAL lock_timeout = '{(int)LockWait.TotalMilliseconds}ms'");

    /// <summary>
    /// The months <see cref="DropExpiredMonthsAsync"/> would drop now, oldest first, without changing anything (a dry
    /// run: the answer holds until the next write or purge).
    /// </summary>
    public async Task<IReadOnlyList<PostgreSqlPartitionDrop>> PlanAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var months = new List<PostgreSqlPartitionDrop>();
                await foreach (var month in ExpiredMonthsAsync(connection, transaction, occurredBefore, cancellationToken).ConfigureAwait(false))
                {
                    // Each month is judged as if the ones before it were gone, as the drops see them.
                    months.Add(month);
                }

                return months;
            }
        }
    }

    /// <summary>The months before the cutoff, oldest first, up to the first that does not hold a prefix of the chain.</summary>
    private async IAsyncEnumerable<PostgreSqlPartitionDrop> ExpiredMonthsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset occurredBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long droppedThrough = 0;
        foreach (var month in await _partitions.ListMonthsAsync(connection, transaction, cancellationToken).ConfigureAwait(false))
        {
            if (new DateTimeOffset(month.AddMonths(1)) > occurredBefore)
            {
                yield break;
            }

            var drop = await InspectAsync(connection, transaction, month, droppedThrough, cancellationToken).ConfigureAwait(false);
            if (drop is null)
            {
                yield break;
            }

            droppedThrough = Math.Max(droppedThrough, drop.LastSequence);
            yield return drop;
        }
    }

    /// <summary>
    /// One month as a drop when it holds a prefix of the chain once the months before it (through
    /// <paramref name="droppedThrough"/>) are gone; <see langword="null"/> when it does not.
    /// </summary>
    private async Task<PostgreSqlPartitionDrop?> InspectAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime month, long droppedThrough, CancellationToken cancellationToken)
    {
        var partition = _partitions.Month(month);
        var name = _partitions.MonthName(month);
        var range = await PostgreSqlPartitionSql.RowsAsync(connection, transaction,
            $"SELECT min({_seq}), max({_seq}) FROM {partition}", cancellationToken).ConfigureAwait(false);
        if (range[0] is not [long first, long last])
        {
            return new PostgreSqlPartitionDrop(name, new DateTimeOffset(month), 0, 0, 0);
        }

        // Rows outside the month are found through the other partitions' seq indexes; the bounds prune this month away.
        // Rows of months dropped before it in the same pass no longer count (a dry run still sees them).
        var earlierOutside = await PostgreSqlPartitionSql.ScalarAsync<bool>(connection, transaction,
            $"SELECT EXISTS (SELECT 1 FROM {_partitions.Table} WHERE {_seq} > $2 AND {_seq} <= $1 AND ({_occurredAt} < {PostgreSqlPartitions.Literal(month)} " +
            $"OR {_occurredAt} >= {PostgreSqlPartitions.Literal(month.AddMonths(1))}))", cancellationToken, last, droppedThrough).ConfigureAwait(false);

        // Sequence numbers are gap-free (the verifier reports a gap as tampering), so the month's count is its range.
        return earlierOutside ? null : new PostgreSqlPartitionDrop(name, new DateTimeOffset(month), last - first + 1, first, last);
    }

    /// <summary>Writes the month's last link as the retention anchor, then detaches and drops it.</summary>
    private async Task DropAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgreSqlPartitionDrop month, CancellationToken cancellationToken)
    {
        var partition = _partitions.Month(month.Month.UtcDateTime);
        if (month.RowCount > 0)
        {
            var hash = await PostgreSqlPartitionSql.ScalarAsync<byte[]>(connection, transaction,
                $"SELECT {_hash} FROM {partition} WHERE {_seq} = $1", cancellationToken, month.LastSequence).ConfigureAwait(false);
            await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, _upsertAnchor, cancellationToken, _tableName, month.LastSequence, hash ?? []).ConfigureAwait(false);
        }

        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, $"ALTER TABLE {_partitions.Table} DETACH PARTITION {partition}", cancellationToken).ConfigureAwait(false);
        await PostgreSqlPartitionSql.ExecuteAsync(connection, transaction, $"DROP TABLE {partition}", cancellationToken).ConfigureAwait(false);
    }
}
