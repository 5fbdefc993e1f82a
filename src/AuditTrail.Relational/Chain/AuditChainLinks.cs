using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>Reads the two ends of the stored chain: the newest link and the retention anchor a purge left.</summary>
internal sealed class AuditChainLinks(AuditStatements sql)
{
    /// <summary>The newest row's link, or the retention anchor when the purge left no row.</summary>
    public async Task<AuditChainPosition?> ReadHeadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var head = await connection.QuerySingleOrDefaultAsync<ChainLinkRow>(new CommandDefinition(
            sql.Head, new { one = 1 }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
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

    /// <summary>The last link the latest purge removed, or <see langword="null"/> when nothing was purged.</summary>
    public async Task<AuditChainPosition?> ReadAnchorAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var anchor = await connection.QuerySingleOrDefaultAsync<ChainLinkRow>(new CommandDefinition(
            sql.Anchor, new { tableName = sql.TableName }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return anchor is null ? null : new AuditChainPosition(anchor.Sequence, anchor.Hash ?? []);
    }
}
