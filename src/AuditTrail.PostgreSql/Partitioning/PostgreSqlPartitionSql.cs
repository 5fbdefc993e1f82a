using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>Runs the partitioning statements on a connection inside its transaction; values are bound as <c>$1, $2, …</c>.</summary>
internal static class PostgreSqlPartitionSql
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = Command(connection, transaction, sql, values);
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a statement whose time grows with the table (copying its rows, building an index over them) without the
    /// connection's command timeout (30 seconds unless configured), which a table of millions of rows outlasts; the
    /// <paramref name="cancellationToken"/> still cancels it.
    /// </summary>
    public static async Task ExecuteUnboundedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = Command(connection, transaction, sql, []);
        await using (command.ConfigureAwait(false))
        {
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = Command(connection, transaction, sql, values);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is null or DBNull ? default : (T)value;
        }
    }

    /// <summary>Every row of a query, each as its values.</summary>
    public static async Task<List<object?[]>> RowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        var command = Command(connection, transaction, sql, values);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<List<object?[]>> ReadAllAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
