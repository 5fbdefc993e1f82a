using System.Data.Common;

namespace AuditTrail.Cli.Stats;

/// <summary>
/// The aggregate queries of <c>stats</c>, in SQL both stores run, over the audit table's shared columns
/// (<see cref="Relational.AuditColumns"/>): a few scans of one table, however many categories there are.
/// </summary>
/// <param name="table">The quoted, qualified audit table.</param>
/// <param name="prefixExpression">The dialect's expression for the action code before its first dot.</param>
internal sealed class StatsQueries(string table, string prefixExpression)
{
    /// <summary>The row count and the earliest and latest occurred_at (times as the dialect stores them).</summary>
    public async Task<(long Rows, object? Oldest, object? Newest)> ReadTotalsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = $"SELECT COUNT(*), MIN(occurred_at), MAX(occurred_at) FROM {table}";
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetValue(1), reader.IsDBNull(2) ? null : reader.GetValue(2));
            }
        }
    }

    /// <summary>Rows per action type, most first.</summary>
    public Task<IReadOnlyList<StatsCount>> ReadByActionTypeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ReadCountsAsync(connection, $"SELECT action_type, COUNT(*) FROM {table} GROUP BY action_type ORDER BY 2 DESC, 1", cancellationToken);

    /// <summary>Rows per action code prefix, most first, at most <paramref name="top"/>.</summary>
    public Task<IReadOnlyList<StatsCount>> ReadByActionPrefixAsync(DbConnection connection, int top, CancellationToken cancellationToken) =>
        ReadCountsAsync(connection, $"SELECT {prefixExpression} AS prefix, COUNT(*) FROM {table} GROUP BY prefix ORDER BY 2 DESC, 1 LIMIT {top}", cancellationToken);

    private static async Task<IReadOnlyList<StatsCount>> ReadCountsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var counts = new List<StatsCount>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts.Add(new StatsCount(reader.GetString(0), reader.GetInt64(1)));
                }

                return counts;
            }
        }
    }
}
