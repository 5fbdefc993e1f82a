using System.Runtime.CompilerServices;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>The chain as the verifier reads it: its head, its retention anchor and its links in sequence order.</summary>
internal sealed class AuditChainReader(AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links)
{
    public async Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await links.ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await links.ReadAnchorAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AuditChainPosition?> GetPositionAsync(Guid id, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.ChainPositionOf(id, parameters);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<ChainLinkRow>(
                AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false);
            return row is null ? null : new AuditChainPosition(row.Sequence, row.Hash ?? []);
        }
    }

    /// <remarks>
    /// Each row becomes a record only when it is reached, so a row that cannot be read fails the enumeration there
    /// (<see cref="AuditUnreadableRowException"/>), after every row before it: the verifier names it as modified.
    /// </remarks>
    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in AuditReadAhead.ReadAsync<AuditRow>(
            (last, token) => ReadPageAsync(last?.Seq ?? afterSequence, token), cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditChainEntry(row.Seq, row.Hash ?? [], mapper.ToRecord(row)) { Tombstone = row.Tombstone, ContentDigest = row.ContentDigest };
        }
    }

    private async Task<IReadOnlyList<AuditRow>> ReadPageAsync(long after, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.ChainPage(after, RelationalAuditStore.StreamPageSize, parameters);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connections.QueryRowsAsync(connection, statement, parameters, cancellationToken).ConfigureAwait(false);
        }
    }
}
