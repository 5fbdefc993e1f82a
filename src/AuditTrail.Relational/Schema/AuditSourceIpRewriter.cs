using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// The data step of <see cref="AuditSchemaMigration.CanonicalSourceIps"/>: reads the stored source IPs page by page in
/// sequence order and rewrites each one that is not in its canonical form (<see cref="AuditIpAddress.Canonicalize"/>),
/// moving the text it replaces, which the row's hash covers, into <see cref="AuditColumns.SourceIpAsHashed"/>. It runs
/// inside the schema transaction, so it is all done or not at all; a row already rewritten is canonical and is skipped,
/// so running it again changes nothing.
/// </summary>
internal sealed class AuditSourceIpRewriter
{
    /// <summary>Rows read per page.</summary>
    public const int PageRows = 5_000;

    private readonly string _page;
    private readonly string _update;

    public AuditSourceIpRewriter(AuditStatements sql, IAuditSqlDialect dialect)
    {
        var seq = sql.Column(AuditColumns.Seq);
        var sourceIp = sql.Column(AuditColumns.SourceIp);
        var asHashed = sql.Column(AuditColumns.SourceIpAsHashed);
        _page = $"SELECT {seq} AS {nameof(SourceIpRow.Sequence)}, {sourceIp} AS {nameof(SourceIpRow.SourceIp)} FROM {sql.Table} " +
            $"WHERE {seq} > @after AND {sourceIp} IS NOT NULL ORDER BY {seq} {dialect.LimitClause("@limit")}";
        _update = $"UPDATE {sql.Table} SET {sourceIp} = @canonical, {asHashed} = @original WHERE {seq} = @sequence AND {asHashed} IS NULL";
    }

    /// <summary>Rewrites every stored source IP that is not canonical; returns how many rows it rewrote.</summary>
    public async Task<long> RewriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var rewritten = 0L;
        var after = 0L;
        while (true)
        {
            // The page is read to the end before any update: not every provider runs a command while a reader is open.
            var page = (await connection.QueryAsync<SourceIpRow>(new CommandDefinition(
                _page, new { after, limit = PageRows }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            foreach (var row in page)
            {
                var canonical = AuditIpAddress.Canonicalize(row.SourceIp);
                if (!string.Equals(canonical, row.SourceIp, StringComparison.Ordinal))
                {
                    rewritten += await connection.ExecuteAsync(new CommandDefinition(
                        _update, new { canonical, original = row.SourceIp, sequence = row.Sequence }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            }

            if (page.Count < PageRows)
            {
                return rewritten;
            }

            after = page[^1].Sequence;
        }
    }

    private sealed class SourceIpRow
    {
        public long Sequence { get; set; }

        public string SourceIp { get; set; } = string.Empty;
    }
}
