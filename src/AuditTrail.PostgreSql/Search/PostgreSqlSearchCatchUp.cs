using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Brings the search table up to the audit table: each pass, under the search lock and in one round trip, deletes the
/// texts of purged rows and indexes the next rows in sequence order. Any instance may run it; passes take turns.
/// </summary>
internal sealed class PostgreSqlSearchCatchUp(NpgsqlDataSource dataSource, PostgreSqlSearchRows rows, string tableName)
{
    /// <summary>Passes until every row committed before the call is indexed; returns how many rows were indexed.</summary>
    /// <param name="cancellationToken">Cancels between passes (or the pass in progress, which then rolls back).</param>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var indexed = await PassAsync(rows.Fill, cancellationToken).ConfigureAwait(false);
            total += indexed;
            if (indexed < PostgreSqlSearchRows.RowsPerPass)
            {
                return total;
            }
        }
    }

    /// <summary>Deletes the texts of purged rows now (a purge calls it before it returns).</summary>
    public Task RemovePurgedAsync(CancellationToken cancellationToken) => PassAsync(statement: null, cancellationToken);

    /// <summary>Replaces the texts of rewritten rows, under the search lock, in one round trip (rows not indexed yet are indexed later as they are now).</summary>
    public async Task RewriteAsync(IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.Lock));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.Rewrite) { Parameters = { new NpgsqlParameter { Value = sequences.ToArray() } } });
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Replaces the texts of rows rewritten by <paramref name="transaction"/> (tombstoned), inside it: the texts change
    /// with its commit or not at all. It takes the search lock first, so a fill pass that read the rows before the
    /// commit has committed what it read, and the rewrite replaces that too.
    /// </summary>
    public static async Task RewriteAsync(PostgreSqlSearchRows rows, NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.Lock));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.Rewrite) { Parameters = { new NpgsqlParameter { Value = sequences.ToArray() } } });
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces the texts of rows rewritten by <paramref name="transaction"/>, inside it (<see cref="RewriteAsync(PostgreSqlSearchRows, NpgsqlConnection, NpgsqlTransaction, IReadOnlyList{long}, CancellationToken)"/>).</summary>
    public Task RewriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> sequences, CancellationToken cancellationToken) =>
        RewriteAsync(rows, connection, transaction, sequences, cancellationToken);

    /// <summary>The highest indexed sequence number and the newest row's.</summary>
    public async Task<(long IndexedThrough, long Latest)> GetProgressAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(rows.Progress, connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    return (reader.GetInt64(0), reader.GetInt64(1));
                }
            }
        }
    }

    /// <summary>
    /// One implicit transaction: the lock, the removal of purged texts, then <paramref name="statement"/>; returns its row
    /// count. A fill pass commits without waiting for its WAL to be flushed (<see cref="PostgreSqlSearchRows.CommitWithoutFlush"/>):
    /// what it writes is derived from rows already durable, and a pass lost to a crash is made again by the next one
    /// (it fills above the highest indexed row, and removes purged texts again). A removal alone (a purge's) waits.
    /// </summary>
    private async Task<int> PassAsync(string? statement, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                var fill = statement is null ? null : new NpgsqlBatchCommand(statement);
                if (fill is not null)
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand(PostgreSqlSearchRows.CommitWithoutFlush));
                }

                batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.Lock));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(rows.RemovePurged) { Parameters = { new NpgsqlParameter { Value = tableName } } });
                if (fill is not null)
                {
                    batch.BatchCommands.Add(fill);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return fill?.RecordsAffected ?? 0;
            }
        }
    }
}
