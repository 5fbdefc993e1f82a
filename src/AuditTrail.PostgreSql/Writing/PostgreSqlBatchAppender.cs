using System.Data.Common;
using AuditTrail.Relational;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Writes a batch as one multi-row <c>INSERT … SELECT FROM unnest(…)</c> of one array per column. The optimistic
/// append is one <see cref="NpgsqlBatch"/> of two statements, the chain lock and one statement that reads the head and
/// the stored ids and inserts only if they are as expected: one round trip, one implicit transaction that holds the
/// lock only while the server runs it. Attempts run on the store's kept connection (<see cref="PostgreSqlWriteConnection"/>).
/// </summary>
internal sealed class PostgreSqlBatchAppender : IAuditBatchAppender
{
    private readonly string _indexOnly;
    private readonly string _lock;
    private readonly string _found;
    private readonly string _insert;
    private readonly string _insertIfExpected;
    private readonly string _tableName;

    private readonly PostgreSqlWriteConnection _connection;

    public PostgreSqlBatchAppender(PostgreSqlAuditSqlDialect dialect, string tableName, PostgreSqlWriteConnection connection)
    {
        _connection = connection;
        var table = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        var columns = AuditColumns.Inserted;
        var id = C(AuditColumns.Id);
        var seq = C(AuditColumns.Seq);
        var hash = C(AuditColumns.Hash);
        var expected = columns.Count;

        // The head as AuditChainLinks reads it: the newest row, or the retention anchor when it is newer (a tie is the
        // row); and which of the ids ($2) are stored. Every part reads the snapshot the statement started with.
        string Found(string tableNameParameter) => $"""
            WITH ends AS (
                SELECT seq, hash FROM (
                    (SELECT {seq} AS seq, {hash} AS hash, 0 AS anchor FROM {table} ORDER BY {seq} DESC LIMIT 1)
                    UNION ALL
                    (SELECT anchor_seq, anchor_hash, 1 FROM {dialect.QualifyTableName(AuditSql.ChainTable)} WHERE table_name = {tableNameParameter})
                ) AS candidates ORDER BY seq DESC, anchor LIMIT 1),
            stored AS (SELECT {id} AS id FROM {table} WHERE {id} = ANY($2))
            """;
        var unnest = $"SELECT * FROM unnest({string.Join(", ", columns.Select((column, i) => $"${i + 1}::{PostgreSqlAuditSqlDialect.ColumnTypeName(column)}[]"))})";
        var into = $"INSERT INTO {table} ({string.Join(", ", columns.Select(C))})";
        const string Report = "(SELECT seq FROM ends), (SELECT hash FROM ends), ARRAY(SELECT id FROM stored)";

        // Index paths exist for every table access of these statements. A plan made while the table was nearly
        // empty could scan it instead, and a prepared statement keeps its generic plan until the table's statistics
        // change: taken for granted here, so that the cost of a write never grows with the table.
        _indexOnly = "SET LOCAL enable_seqscan = off";
        _lock = dialect.ChainLockStatement(tableName);
        _found = $"{Found("$1")} SELECT {Report}";
        _insert = $"{into} {unnest}";
        _insertIfExpected =
            $"{Found($"${expected + 3}")}, " +
            $"inserted AS ({into} {unnest} WHERE coalesce((SELECT seq FROM ends), 0) = ${expected + 1} " +
            $"AND (SELECT hash FROM ends) IS NOT DISTINCT FROM ${expected + 2} AND NOT EXISTS (SELECT 1 FROM stored) RETURNING 1) " +
            $"SELECT {Report}, (SELECT count(*) FROM inserted)";
        _tableName = tableName;
    }

    public async ValueTask<AuditAppendAttempt> TryAppendAsync(AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken = default) =>
        await _connection.RunAsync(connection => TryAppendAsync(connection, expectedHead, rows, cancellationToken), cancellationToken).ConfigureAwait(false);

    private async Task<AuditAppendAttempt> TryAppendAsync(NpgsqlConnection connection, AuditChainPosition? expectedHead, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            var insert = new NpgsqlBatchCommand(_insertIfExpected);
            insert.Parameters.AddRange(ColumnArrays(rows));
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = expectedHead?.Sequence ?? 0L });
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)expectedHead?.Hash ?? DBNull.Value });
            insert.Parameters.Add(Text(_tableName));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_indexOnly));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_lock));
            batch.BatchCommands.Add(insert);
            return await ReadFoundAsync(batch, rows.Count, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<AuditAppendAttempt> LockAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken = default)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_indexOnly));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_lock));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_found)
            {
                Parameters = { Text(_tableName), new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = ids.ToArray() } },
            });
            return await ReadFoundAsync(batch, written: null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Runs the batch (the setting, the lock, then a statement whose one row is the head, the stored ids and, for an attempt, how many
    /// rows it inserted) and says what it found, or <see cref="AuditAppendAttempt.Written"/> when all <paramref name="written"/> rows were.
    /// </summary>
    private static async Task<AuditAppendAttempt> ReadFoundAsync(NpgsqlBatch batch, int? written, CancellationToken cancellationToken)
    {
        await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // The setting returns no result and the lock one void column; the last statement's one row (three or four
            // columns) says what happened.
            while (reader.FieldCount < 3)
            {
                if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The append batch returned no report row.");
                }
            }

            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (written is { } count && reader.GetInt64(3) == count)
            {
                return AuditAppendAttempt.Written;
            }

            return new AuditAppendAttempt
            {
                Head = reader.IsDBNull(0) ? null : new AuditChainPosition(reader.GetInt64(0), reader.IsDBNull(1) ? [] : reader.GetFieldValue<byte[]>(1)),
                StoredIds = reader.GetFieldValue<Guid[]>(2),
            };
        }
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
