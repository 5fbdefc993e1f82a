using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Writes batches as links of the hash chain. With a <see cref="IAuditBatchAppender"/>, the database links them: each
/// batch is one round trip that takes the chain lock, reads the head and writes, so the lock is never held across a
/// round trip. Without one, row by row under the chain lock, linked here (<see cref="AuditChainLinker"/>). A record
/// already stored (a retried batch) or repeated in the batch takes no sequence number.
/// </summary>
internal sealed class AuditChainAppender(
    AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links,
    IAuditRowInserterFactory? rowInserters, IAuditBatchAppender? batchAppender, IAuditInsertedRowsHandler? insertedRows, IAuditStoreObserver? observer)
{
    private const int ExistingIdsChunk = 500;

    private readonly AuditChainLinker _linker = new(mapper);

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
        if (batchAppender is not null)
        {
            var result = await batchAppender.AppendAsync(Unlinked(batch, rows), cancellationToken).ConfigureAwait(false);

            // Nothing was written when the head was not a valid link: say so as the row-by-row path does.
            AuditChainLinker.Checked(result.Head);
        }
        else
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await AppendRowByRowAsync(connection, batch, rows, cancellationToken).ConfigureAwait(false);
            }
        }

        await CommittedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the batch appender can append behind a predecessor (<see cref="WriteAfterAsync"/>).</summary>
    public bool WritesAfter => batchAppender is IAuditOrderedBatchAppender;

    /// <summary>
    /// Appends the encoded rows of <paramref name="batch"/> atomically once every id of <paramref name="predecessor"/> is
    /// stored, then tells the observer; returns <see langword="false"/>, having written nothing, when one is not.
    /// </summary>
    public async Task<bool> WriteAfterAsync(IReadOnlyList<AuditRecord> batch, object?[][] rows, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken)
    {
        var ordered = (IAuditOrderedBatchAppender)batchAppender!;
        var result = await ordered.AppendAfterAsync(Unlinked(batch, rows), predecessor.Distinct().ToArray(), cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return false;
        }

        AuditChainLinker.Checked(result.Head);
        await CommittedAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Tells the observer, if any, that a batch was committed.</summary>
    private async Task CommittedAsync(CancellationToken cancellationToken)
    {
        if (observer is not null)
        {
            await observer.OnCommittedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rows for the appender: each record once (its first occurrence), with its canonical form at sequence 1.</summary>
    private List<AuditUnlinkedRow> Unlinked(IReadOnlyList<AuditRecord> batch, object?[][] rows)
    {
        var seen = new HashSet<Guid>(batch.Count);
        var unlinked = new List<AuditUnlinkedRow>(batch.Count);
        for (var r = 0; r < rows.Length; r++)
        {
            if (seen.Add(batch[r].Id))
            {
                unlinked.Add(new AuditUnlinkedRow(rows[r], AuditChain.Canonicalize(1, mapper.AsStored(rows[r]))));
            }
        }

        return unlinked;
    }

    private async Task AppendRowByRowAsync(DbConnection connection, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        var transaction = await connections.BeginLockedTransactionAsync(connection, sql.ChainLock, cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var head = AuditChainLinker.Checked(await links.ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false));
            var inserted = rowInserters is { ReportsStoredIds: true }
                ? await InsertReportingStoredAsync(connection, transaction, rows, head, cancellationToken).ConfigureAwait(false)
                : await InsertKnownAbsentAsync(connection, transaction, batch, rows, head, cancellationToken).ConfigureAwait(false);
            var first = (head?.Sequence ?? 0) + 1;
            if (insertedRows is not null && inserted > 0)
            {
                await insertedRows.OnInsertedAsync(connection, transaction, first, first + inserted - 1, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads which ids are stored, links the others and inserts them row by row; returns how many it inserted.</summary>
    private async Task<int> InsertKnownAbsentAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, object?[][] rows, AuditChainPosition? head, CancellationToken cancellationToken)
    {
        var stored = await ExistingIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var (linked, _) = _linker.Link(batch, rows, head, stored);
        if (linked.Count == 0)
        {
            return 0;
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

        return linked.Count;
    }

    /// <summary>
    /// Inserts row by row through an inserter that tells which ids were stored; a stored one takes no sequence number.
    /// Returns how many it inserted.
    /// </summary>
    private async Task<int> InsertReportingStoredAsync(
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

            return checked((int)(sequence - (head?.Sequence ?? 0)));
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
