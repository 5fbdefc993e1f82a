using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Writes batches as links of the hash chain: inside the write transaction, under the dialect's chain lock, it reads
/// the head, gives each new record the next sequence number and <c>SHA-256(previous hash ‖ canonical(sequence, record))</c>.
/// A record already stored (a retried batch) or repeated in the batch takes no sequence number.
/// </summary>
internal sealed class AuditChainAppender(
    AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links,
    IAuditRowInserterFactory? rowInserters, IAuditStoreObserver? observer)
{
    private const int ExistingIdsChunk = 500;

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

    /// <summary>Appends the encoded rows of <paramref name="batch"/> in one transaction, then tells the observer.</summary>
    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connections.BeginLockedTransactionAsync(connection, sql.ChainLock, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await AppendAsync(connection, transaction, batch, rows, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (observer is not null)
        {
            await observer.OnCommittedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AuditRecord> batch, object?[][] rows, CancellationToken cancellationToken)
    {
        var head = await links.ReadHeadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? AuditChain.GenesisHash.ToArray();

        var skipped = rowInserters is { ReportsStoredIds: true } ? null : await ExistingIdsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var inserter = rowInserters is null
            ? await CommandRowInserter.CreateAsync(connection, transaction, sql.Insert, connections.Dialect, cancellationToken).ConfigureAwait(false)
            : await rowInserters.CreateAsync(connection, transaction, sql.Insert, cancellationToken).ConfigureAwait(false);
        await using (inserter.ConfigureAwait(false))
        {
            var values = new object?[AuditColumns.Inserted.Count];
            for (var r = 0; r < rows.Length; r++)
            {
                if (skipped is not null && !skipped.Add(batch[r].Id))
                {
                    continue;
                }

                var hash = AuditChain.ComputeHash(previousHash, sequence + 1, mapper.AsStored(rows[r]));
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
