using Dapper;

namespace AuditTrail.Relational;

/// <summary>The histogram of a store: one grouped count per bucket and action type, over the same WHERE clause as every read.</summary>
internal sealed class AuditHistogramCellReader(AuditConnections connections, AuditStatements sql)
{
    public async Task<IReadOnlyList<AuditHistogramCell>> CountPerBucketAsync(AuditFilter filter, AuditHistogramBuckets buckets, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.Histogram(filter, buckets, parameters);
        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<HistogramCellRow>(AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(row => new AuditHistogramCell(
                checked((int)row.Bucket),
                AuditEnumNames.ParseStored<AuditActionType>(row.ActionType, AuditColumns.ActionType),
                row.Count))];
        }
    }
}
