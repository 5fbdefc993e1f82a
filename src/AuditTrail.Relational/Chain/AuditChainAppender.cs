using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Writes batches as links of the hash chain (<see cref="AuditChainLinker"/>). With a <see cref="IAuditBatchAppender"/>:
/// first optimistically, the batch linked to the head this store wrote last and sent in one round trip that writes only
/// if that is still the head; when another writer moved it, under the chain lock in a transaction (the lock, head and
/// stored ids in one round trip, the insert in another), and so for the next few writes too. Without one, row by row
/// under the chain lock. A record already stored (a retried batch) or repeated in the batch takes no sequence number.
/// </summary>
internal sealed class AuditChainAppender(
    AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links,
    IAuditRowInserterFactory? rowInserters, IAuditBatchAppender? batchAppender, IAuditStoreObserver? observer)
{
    private const int ExistingIdsChunk = 500;

    private readonly AuditChainLinker _linker = new(mapper);

    /// <summary>How many writes after an attempt that found another writer's head take the lock without an attempt.</summary>
    private const int LockedWritesAfterContention = 16;

    // The head this store wrote or saw last: a hint for the next optimistic append, never trusted (the append checks it).
    private volatile AuditChainPosition? _lastHead;
    private volatile bool _headKnown;
    private int _lockedWritesLeft;

    /// <summary>Validates and encodes every record, so that a bad one is reported before the database is touched.</summary>
    /// <exception cref="ArgumentException">A record of the batch is not valid.</exception>
    public object?[][] Encode(IReadOnlyList<AuditRecord> batch)
    {
        var rows = new object?[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            rows[i] = mapper.ToColumnValues(batch, i);
        }

        return rows;
    }

    /// <summary>Appends the encoded rows of <paramref name="batch"/> atomically, then tells the observer.</summary>
    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        if (batchAppender is null || !await TryAppendAsync(batchAppender, batch, rows, cancellationToken).ConfigureAwait(false))
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await AppendLockedAsync(connection, batch, rows, cancellationToken).ConfigureAwait(false);
            }
        }

        if (observer is not null)
        {
            await observer.OnCommittedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryAppendAsync(IAuditBatchAppender appender, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _lockedWritesLeft) > 0)
        {
            // Another writer moved the head recently: an attempt would likely fail too, so this write takes the lock.
            Interlocked.Decrement(ref _lockedWritesLeft);
            return false;
        }

        var head = _lastHead;
        IReadOnlyCollection<Guid> stored = [];
        for (var attempt = 0; attempt < RelationalAuditStore.MaxOptimisticAppends; attempt++)
        {
            var (linked, newHead) = _linker.Link(batch, rows, head, stored);
            if (linked.Count == 0)
            {
                // Every record of the batch is stored already (a retried batch).
                return true;
            }

            var result = await appender.TryAppendAsync(head, linked, cancellationToken).ConfigureAwait(false);
            if (result.Appended)
            {
                _lastHead = newHead;
                _headKnown = true;
                return true;
            }

            var found = AuditChainLinker.Checked(result.Head);
            if (!_headKnown)
            {
                // A new store: it could not know the head, so this is no sign of another writer.
                _headKnown = true;
                head = found;
                stored = result.StoredIds;
                continue;
            }

            if (!SamePosition(found, head))
            {
                // Another writer appended since this store's last write (or this store is new): its next writes go
                // straight to the lock, which costs a round trip more than an attempt but never fails.
                _lastHead = found;
                Volatile.Write(ref _lockedWritesLeft, LockedWritesAfterContention);
                return false;
            }

            // Only ids stored already (a retried batch): the head is right, so link the others and try again.
            stored = result.StoredIds;
        }

        return false;
    }

    private async Task AppendLockedAsync(DbConnection connection, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        if (batchAppender is null)
        {
            await AppendRowByRowAsync(connection, batch, rows, cancellationToken).ConfigureAwait(false);
            return;
        }

        var transaction = await connections.Dialect.BeginWriteTransactionAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var ids = batch.Select(record => record.Id).Distinct().ToList();
            var found = await batchAppender.LockAsync(connection, transaction, ids, cancellationToken).ConfigureAwait(false);
            var (linked, newHead) = _linker.Link(batch, rows, AuditChainLinker.Checked(found.Head), found.StoredIds);
            if (linked.Count > 0)
            {
                await batchAppender.AppendAsync(connection, transaction, linked, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _lastHead = newHead;
            _headKnown = true;
        }
    }

    private async Task AppendRowByRowAsync(DbConnection connection, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        var transaction = await connections.BeginLockedTransactionAsync(connection, sql.ChainLock, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var head = AuditChainLinker.Checked(await links.ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            if (rowInserters is { ReportsStoredIds: true })
            {
                await InsertReportingStoredAsync(connection, transaction, rows, head, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await InsertKnownAbsentAsync(connection, transaction, batch, rows, head, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool SamePosition(AuditChainPosition? a, AuditChainPosition? b) =>
        a is null ? b is null : b is not null && a.Sequence == b.Sequence && a.Hash.AsSpan().SequenceEqual(b.Hash);

    /// <summary>Reads which ids are stored, links the others and inserts them row by row.</summary>
    private async Task InsertKnownAbsentAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, object?[][] rows, AuditChainPosition? head, CancellationToken cancellationToken)
    {
        var stored = await ExistingIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var (linked, _) = _linker.Link(batch, rows, head, stored);
        if (linked.Count == 0)
        {
            return;
        }

        var inserter = rowInserters is null
            ? await CommandRowInserter.CreateAsync(connection, transaction, sql.Insert, connections.Dialect, cancellationToken).ConfigureAwait(false)
            : await rowInserters.CreateAsync(connection, transaction, sql.Insert, cancellationToken).ConfigureAwait(false);
        await using (inserter.ConfigureAwait(false))
        {
            foreach (var row in linked)
            {
                await inserter.TryInsertAsync(row, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Inserts row by row through an inserter that tells which ids were stored; a stored one takes no sequence number.</summary>
    private async Task InsertReportingStoredAsync(
        DbConnection connection, DbTransaction transaction, object?[][] rows, AuditChainPosition? head, CancellationToken cancellationToken)
    {
        var inserter = await rowInserters!.CreateAsync(connection, transaction, sql.Insert, cancellationToken).ConfigureAwait(false);
        await using (inserter.ConfigureAwait(false))
        {
            var sequence = head?.Sequence ?? 0;
            var previousHash = head?.Hash ?? AuditChain.GenesisHash.ToArray();
            var values = new object?[AuditColumns.Inserted.Count];
            foreach (var encoded in rows)
            {
                var hash = _linker.LinkInto(values, encoded, sequence + 1, previousHash);
                if (await inserter.TryInsertAsync(values, cancellationToken).ConfigureAwait(false))
                {
                    sequence++;
                    previousHash = hash;
                }
            }
        }
    }

    /// <summary>The ids of the batch that are already stored, read in chunks that stay under every database's parameter limit.</summary>
    private async Task<HashSet<Guid>> ExistingIdsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken)
    {
        var existing = new HashSet<Guid>();
        foreach (var chunk in batch.Select(record => record.Id).Distinct().Chunk(ExistingIdsChunk))
        {
            var parameters = new AuditSqlParameters();
            var statement = sql.ExistingIds([.. chunk.Select(connections.Dialect.ToDbId)], parameters);
            var reader = await connection.ExecuteReaderAsync(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    existing.Add(connections.Dialect.FromDbId(reader.GetValue(0)));
                }
            }
        }

        return existing;
    }
}
