using System.Data.Common;
using AuditTrail.Relational;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Writes a batch as one multi-row <c>INSERT … SELECT FROM unnest(…)</c> of one array per column. The optimistic
/// append sends the chain lock, the head, the stored ids and that insert (which writes only if the head and ids are
/// as expected) as one <see cref="NpgsqlBatch"/>: one round trip, one implicit transaction that holds the lock only
/// while the server runs it.
/// </summary>
internal sealed class PostgreSqlBatchAppender : IAuditBatchAppender
{
    private readonly string _lock;
    private readonly string _head;
    private readonly string _storedIds;
    private readonly string _insert;
    private readonly string _insertIfExpected;
    private readonly string _tableName;

    public PostgreSqlBatchAppender(PostgreSqlAuditSqlDialect dialect, string tableName)
    {
        var table = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        var columns = AuditColumns.Inserted;
        var id = C(AuditColumns.Id);
        var seq = C(AuditColumns.Seq);
        var hash = C(AuditColumns.Hash);
        var expected = columns.Count;

        // The head as AuditChainLinks reads it: the newest row, or the retention anchor when it is newer (a tie is the row).
        var head = $"""
            SELECT seq, hash FROM (
                (SELECT {seq} AS seq, {hash} AS hash, 0 AS anchor FROM {table} ORDER BY {seq} DESC LIMIT 1)
                UNION ALL
                (SELECT anchor_seq, anchor_hash, 1 FROM {dialect.QualifyTableName(AuditSql.ChainTable)} WHERE table_name = $1)
            ) AS ends ORDER BY seq DESC, anchor LIMIT 1
            """;
        var unnest = $"SELECT * FROM unnest({string.Join(", ", columns.Select((column, i) => $"${i + 1}::{PostgreSqlAuditSqlDialect.ColumnTypeName(column)}[]"))})";
        _lock = dialect.ChainLockStatement(tableName);
        _head = head;
        _storedIds = $"SELECT {id} FROM {table} WHERE {id} = ANY($1)";
        _insert = $"INSERT INTO {table} ({string.Join(", ", columns.Select(C))}) {unnest}";
        _insertIfExpected =
            $"WITH ends AS ({head.Replace("$1", $"${expected + 3}", StringComparison.Ordinal)}) " +
            $"INSERT INTO {table} ({string.Join(", ", columns.Select(C))}) {unnest} " +
            $"WHERE coalesce((SELECT seq FROM ends), 0) = ${expected + 1} AND (SELECT hash FROM ends) IS NOT DISTINCT FROM ${expected + 2} " +
            $"AND NOT EXISTS (SELECT 1 FROM {table} WHERE {id} = ANY($2))";
        _tableName = tableName;
    }

    public async ValueTask<AuditAppendAttempt> TryAppendAsync(
        DbConnection connection, AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        var columns = ColumnArrays(rows);
        var batch = new NpgsqlBatch((NpgsqlConnection)connection);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_lock));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_head) { Parameters = { Text(_tableName) } });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_storedIds) { Parameters = { columns[1].Clone() } });
            var insert = new NpgsqlBatchCommand(_insertIfExpected);
            insert.Parameters.AddRange(columns);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = expectedHead?.Sequence ?? 0L });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)expectedHead?.Hash ?? DBNull.Value });
            insert.Parameters.Add(Text(_tableName));
            batch.BatchCommands.Add(insert);
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var (head, stored) = await ReadFoundAsync(reader, cancellationToken).ConfigureAwait(false);
                return insert.RecordsAffected == rows.Count
                    ? AuditAppendAttempt.Written
                    : new AuditAppendAttempt { Head = head, StoredIds = stored };
            }
        }
    }

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default)
    {
        var command = new NpgsqlCommand(_insert, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddRange(ColumnArrays(rows));
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the batch's results to the end: the head and the stored ids it found (the lock's and the insert's hold none).</summary>
    private static async Task<(AuditChainPosition? Head, List<Guid> Stored)> ReadFoundAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        AuditChainPosition? head = null;
        var stored = new List<Guid>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            head = new AuditChainPosition(reader.GetInt64(0), reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stored.Add(reader.GetGuid(0));
        }

        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return (head, stored);
    }

    private static NpgsqlParameter Text(string value) => new() { NpgsqlDbType = NpgsqlDbType.Text, Value = value };

    /// <summary>One array parameter per column of <see cref="AuditColumns.Inserted"/>, typed as the column.</summary>
    private static NpgsqlParameter[] ColumnArrays(IReadOnlyList<object?[]> rows)
    {
        var columns = AuditColumns.Inserted;
        var parameters = new NpgsqlParameter[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var type = PostgreSqlAuditSqlDialect.ColumnType(columns[c]);
            parameters[c] = new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | type,
                Value = type switch
                {
                    NpgsqlDbType.Bigint => Column<long>(rows, c),
                    NpgsqlDbType.Uuid => Column<Guid>(rows, c),
                    NpgsqlDbType.TimestampTz => Column<DateTime>(rows, c),
                    NpgsqlDbType.Bytea => Column<byte[]>(rows, c),
                    _ => Column<string?>(rows, c),
                },
            };
        }

        return parameters;
    }

    private static T[] Column<T>(IReadOnlyList<object?[]> rows, int column)
    {
        var values = new T[rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = (T)rows[r][column]!;
        }

        return values;
    }
}
