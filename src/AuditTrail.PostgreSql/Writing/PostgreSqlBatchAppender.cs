using AuditTrail.Relational;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Writes a batch in one <see cref="NpgsqlBatch"/>, one round trip and one implicit transaction: the chain lock, then
/// one statement that reads the head and the stored ids, links the other rows with a recursive query
/// (<c>sha256(previous ‖ canonical)</c>, the sequence number written into the canonical bytes with <c>overlay</c>) and
/// inserts them with a multi-row <c>INSERT … SELECT FROM unnest(…)</c> of one array per column. The lock is held only
/// while the server runs that statement and commits. Batches run on the store's kept connection
/// (<see cref="PostgreSqlWriteConnection"/>).
/// </summary>
internal sealed class PostgreSqlBatchAppender : IAuditBatchAppender
{
    private readonly string _indexOnly;
    private readonly string _lock;
    private readonly string _append;
    private readonly string _tableName;

    private readonly PostgreSqlWriteConnection _connection;

    public PostgreSqlBatchAppender(PostgreSqlAuditSqlDialect dialect, string tableName, PostgreSqlWriteConnection connection)
    {
        _connection = connection;
        var table = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        var data = AuditColumns.Data;
        var id = C(AuditColumns.Id);
        var seq = C(AuditColumns.Seq);
        var hash = C(AuditColumns.Hash);
        var canonical = $"${data.Count + 1}";
        var tableNameParameter = $"${data.Count + 2}";
        var given = string.Join(", ", data.Select(C));
        var sequenceAt = AuditChain.CanonicalSequenceOffset + 1;
        var genesis = $"'\\x{new string('0', 2 * AuditChain.HashLength)}'::bytea";

        // ends: the head as AuditChainLinks reads it, the newest row or the retention anchor when it is newer (a tie is
        // the row). rows: the batch, numbered in order. stored: which ids are stored, looked up by the primary key (a
        // join with the table could be planned as a scan of it). chain: one step per row of the batch, starting from a
        // valid head only (none when the head's hash is not 32 bytes, so nothing is written); a stored row is skipped
        // (fresh = false) and takes no sequence number. Each step reads its row's canonical bytes and id from the array
        // parameters by subscript, so a step costs the same at any batch size (a join with the batch in every step made
        // linking grow with the square of it). Every part reads the snapshot the statement started with, after the lock.
        var idAt = data.ToList().IndexOf(AuditColumns.Id);
        var ids = $"${idAt + 1}::{PostgreSqlAuditSqlDialect.ColumnTypeName(AuditColumns.Id)}[]";
        _append = $"""
            WITH RECURSIVE ends AS (
                SELECT seq, hash FROM (
                    (SELECT {seq} AS seq, {hash} AS hash, 0 AS anchor FROM {table} ORDER BY {seq} DESC LIMIT 1)
                    UNION ALL
                    (SELECT anchor_seq, anchor_hash, 1 FROM {dialect.QualifyTableName(AuditSql.ChainTable)} WHERE table_name = {tableNameParameter})
                ) AS candidates ORDER BY seq DESC, anchor LIMIT 1),
            rows AS (
                SELECT * FROM unnest({string.Join(", ", data.Select((column, i) => $"${i + 1}::{PostgreSqlAuditSqlDialect.ColumnTypeName(column)}[]"))}, {canonical}::bytea[])
                    WITH ORDINALITY AS r({given}, canonical, ordinal)),
            stored AS (SELECT {id} AS id FROM {table} WHERE {id} = ANY({ids})),
            chain (ordinal, seq, hash, fresh) AS (
                SELECT 0::bigint, coalesce((SELECT seq FROM ends), 0), coalesce((SELECT hash FROM ends), {genesis}), false
                WHERE NOT EXISTS (SELECT 1 FROM ends) OR (SELECT octet_length(hash) FROM ends) = {AuditChain.HashLength}
                UNION ALL
                SELECT c.ordinal + 1,
                    CASE WHEN step.skip THEN c.seq ELSE c.seq + 1 END,
                    CASE WHEN step.skip THEN c.hash ELSE sha256(c.hash || overlay(({canonical}::bytea[])[c.ordinal + 1] PLACING int8send(c.seq + 1) FROM {sequenceAt} FOR 8)) END,
                    NOT step.skip
                FROM chain AS c CROSS JOIN LATERAL (SELECT ({ids})[c.ordinal + 1] = ANY (ARRAY(SELECT id FROM stored)) AS skip) AS step
                WHERE c.ordinal < cardinality({ids})),
            inserted AS (
                INSERT INTO {table} ({seq}, {given}, {hash})
                SELECT c.seq, {string.Join(", ", data.Select(column => "r." + C(column)))}, c.hash FROM rows AS r JOIN chain AS c ON c.ordinal = r.ordinal
                WHERE c.fresh
                RETURNING 1)
            SELECT
                (SELECT count(*) FROM inserted),
                coalesce((SELECT seq FROM chain ORDER BY ordinal DESC LIMIT 1), (SELECT seq FROM ends)),
                coalesce((SELECT hash FROM chain ORDER BY ordinal DESC LIMIT 1), (SELECT hash FROM ends)),
                ARRAY(SELECT id FROM stored)
            """;

        // Index paths exist for every table access of this statement. A plan made while the table was nearly empty
        // could scan it instead, and a prepared statement keeps its generic plan until the table's statistics change:
        // taken for granted here, so that the cost of a write never grows with the table.
        // set_config(…, true) is SET LOCAL without its warning outside an explicit transaction block: it lasts until
        // the batch's implicit transaction ends.
        _indexOnly = "SELECT set_config('enable_seqscan', 'off', true)";
        _lock = dialect.ChainLockStatement(tableName);
        _tableName = tableName;
    }

    public async ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default) =>
        await _connection.RunAsync(connection => AppendAsync(connection, rows, cancellationToken), cancellationToken).ConfigureAwait(false);

    private async Task<AuditBatchAppendResult> AppendAsync(NpgsqlConnection connection, IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            var append = new NpgsqlBatchCommand(_append);
            append.Parameters.AddRange(ColumnArrays(rows));
            append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(row => row.Canonical).ToArray() });
            append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = _tableName });
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_indexOnly));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_lock));
            batch.BatchCommands.Add(append);
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // The setting and the lock return one column each; the append's one row (four columns) says what happened.
                while (reader.FieldCount < 4)
                {
                    if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("The append batch returned no report row.");
                    }
                }

                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new AuditBatchAppendResult
                {
                    Written = (int)reader.GetInt64(0),
                    Head = reader.IsDBNull(1) ? null : new AuditChainPosition(reader.GetInt64(1), reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2)),
                    StoredIds = reader.GetFieldValue<Guid[]>(3),
                };
            }
        }
    }

    /// <summary>One array parameter per column of <see cref="AuditColumns.Data"/>, typed as the column.</summary>
    private static NpgsqlParameter[] ColumnArrays(IReadOnlyList<AuditUnlinkedRow> rows)
    {
        var columns = AuditColumns.Data;
        var parameters = new NpgsqlParameter[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var type = PostgreSqlAuditSqlDialect.ColumnType(columns[c]);
            parameters[c] = new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | type,
                Value = type switch
                {
                    NpgsqlDbType.Uuid => Column<Guid>(rows, c),
                    NpgsqlDbType.TimestampTz => Column<DateTime>(rows, c),
                    _ => Column<string?>(rows, c),
                },
            };
        }

        return parameters;
    }

    private static T[] Column<T>(IReadOnlyList<AuditUnlinkedRow> rows, int column)
    {
        var values = new T[rows.Count];
        for (var r = 0; r < values.Length; r++)
        {
            values[r] = (T)rows[r].Values[column]!;
        }

        return values;
    }
}
