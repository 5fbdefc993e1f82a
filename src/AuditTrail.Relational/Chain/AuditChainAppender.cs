using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Writes batches as links of the hash chain (<see cref="AuditChainLinker"/>), in one of two ways. With a
/// <see cref="IAuditBatchAppender"/>, optimistically: the batch is linked to the head of this store's last write
/// and sent in one round trip that writes only if that is still the head, with up to
/// <see cref="RelationalAuditStore.MaxOptimisticAppends"/> attempts; then, and without one, under the chain lock:
/// inside the write transaction it reads the head and the stored ids, links the rest and inserts them.
/// A record already stored (a retried batch) or repeated in the batch takes no sequence number.
/// </summary>
internal sealed class AuditChainAppender(
    AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links,
    IAuditRowInserterFactory? rowInserters, IAuditBatchAppender? batchAppender, IAuditStoreObserver? observer)
{
    private const int ExistingIdsChunk = 500;

    private readonly AuditChainLinker _linker = new(mapper);

    // The head this store wrote last: a hint for the next optimistic append, never trusted (the append checks it).
    private volatile AuditChainPosition? _lastHead;

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
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (batchAppender is null || !await TryAppendAsync(connection, batchAppender, batch, rows, cancellationToken).ConfigureAwait(false))
            {
                await AppendLockedAsync(connection, batch, rows, cancellationToken).ConfigureAwait(false);
            }
        }

        if (observer is not null)
        {
            await observer.OnCommittedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryAppendAsync(DbConnection connection, IAuditBatchAppender appender, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
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

            var result = await appender.TryAppendAsync(connection, head, linked, cancellationToken).ConfigureAwait(false);
            if (result.Appended)
            {
                _lastHead = newHead;
                return true;
            }

            head = AuditChainLinker.Checked(result.Head);
            stored = result.StoredIds;
        }

        return false;
    }

    private async Task AppendLockedAsync(DbConnection connection, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        var transaction = await connections.BeginLockedTransactionAsync(connection, sql.ChainLock, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var head = AuditChainLinker.Checked(await links.ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            var newHead = batchAppender is not null || rowInserters is not { ReportsStoredIds: true }
                ? await InsertKnownAbsentAsync(connection, transaction, batch, rows, head, cancellationToken).ConfigureAwait(false)
                : await InsertReportingStoredAsync(connection, transaction, rows, head, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _lastHead = newHead;
        }
    }

    /// <summary>Reads which ids are stored, links the others and inserts them all.</summary>
    private async Task<AuditChainPosition?> InsertKnownAbsentAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, object?[][] rows, AuditChainPosition? head, CancellationToken cancellationToken)
    {
        var stored = await ExistingIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var (linked, newHead) = _linker.Link(batch, rows, head, stored);
        if (linked.Count == 0)
        {
            return newHead;
        }

        if (batchAppender is not null)
        {
            await batchAppender.AppendAsync(connection, transaction, linked, cancellationToken).ConfigureAwait(false);
            return newHead;
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

        return newHead;
    }

    /// <summary>Inserts row by row through an inserter that tells which ids were stored; a stored one takes no sequence number.</summary>
    private async Task<AuditChainPosition?> InsertReportingStoredAsync(
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

            return sequence == (head?.Sequence ?? 0) ? head : new AuditChainPosition(sequence, previousHash);
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
