using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// Removes a prefix of the chain: rows go in sequence order, and the purge stops at the first row that is not older
/// than the cutoff. The last removed link becomes the retention anchor in the same transaction, so the rest stays verifiable.
/// </summary>
internal sealed class AuditPurger(AuditConnections connections, AuditStatements sql, IAuditStoreObserver? observer)
{
    public async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken)
    {
        int deleted;
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connections.BeginLockedTransactionAsync(connection, sql.PurgeLocks, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var oldest = await connection.QueryAsync<ChainLinkRow>(new CommandDefinition(
                    sql.OldestLinks, new { limit = maxRows }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                ChainLinkRow? last = null;
                var count = 0;
                foreach (var link in oldest)
                {
                    if (connections.Dialect.FromDbTime(link.OccurredAt!) >= occurredBefore)
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
                    sql.DeleteThrough, new { through = last.Sequence }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var anchor = new { tableName = sql.TableName, sequence = last.Sequence, hash = last.Hash ?? [] };
                var updated = await connection.ExecuteAsync(new CommandDefinition(sql.UpdateAnchor, anchor, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (updated == 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(sql.InsertAnchor, anchor, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                if (deleted != count)
                {
                    throw new InvalidOperationException($"The purge expected to delete {count} row(s) through sequence {last.Sequence} but deleted {deleted}; it was rolled back.");
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (deleted > 0 && observer is not null)
        {
            await observer.OnPurgedAsync(cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }
}
