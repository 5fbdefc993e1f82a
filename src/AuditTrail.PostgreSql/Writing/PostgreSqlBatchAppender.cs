using AuditTrail.Relational;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Writes a batch in one <see cref="NpgsqlBatch"/>: one round trip, answered at once, of two transactions. The first, an
/// explicit one, takes the chain lock (in the statement that sets the transaction's settings), then runs one statement
/// (<see cref="PostgreSqlAppendSql"/>) that reads the head and the stored ids, links the other rows and inserts them: a
/// multi-row <c>INSERT … SELECT FROM unnest(…)</c> of one array per column, or a one-row statement for a batch of one.
/// It commits without waiting for its WAL to be flushed (<c>synchronous_commit</c> off for it alone), so the lock is
/// held only while the server runs the statement, never through a flush, and other instances' appends overlap this
/// one's flush. The second (<see cref="FlushBarrier"/>)
/// writes one transactional WAL record and commits with the session's own <c>synchronous_commit</c>: its flush (and a
/// synchronous standby's confirmation, when one is configured) covers every WAL record before it, the first
/// transaction's commit included, so the batch is as durable when this returns as a synchronous commit would have made
/// it. Batches run on the store's kept connection (<see cref="PostgreSqlWriteConnection"/>).
/// </summary>
/// <remarks>
/// Behind a predecessor (<see cref="AppendAfterAsync"/>), the append statement also checks, after the lock, that each of
/// the predecessor's ids is stored; when one is not, it links and writes nothing. A batch of several rows carries the
/// links this writer computed from the head it expects (<see cref="PostgreSqlHeadPrediction"/>): the statement writes
/// them, without hashing, when that is the head it reads under the lock and no id of the batch is stored, and links the
/// rows itself otherwise (another instance wrote, a retried batch, no answer yet).
/// </remarks>
internal sealed class PostgreSqlBatchAppender : IAuditOrderedBatchAppender
{
    /// <summary>
    /// The flush barrier: a transactional logical-decoding message assigns the transaction an id and writes WAL, so
    /// its commit is flushed as a synchronous commit is (a transaction that writes no WAL commits without a flush).
    /// Logical decoding consumers see it as a message with the prefix <c>audittrail.flush</c> and no content.
    /// </summary>
    internal const string FlushBarrier = "SELECT pg_logical_emit_message(true, 'audittrail.flush', '')";

    private readonly string _settingsAndLock;
    private readonly PostgreSqlAppendSql _sql;
    private readonly string _tableName;

    private readonly PostgreSqlWriteConnection _connection;
    private readonly PostgreSqlHeadPrediction _prediction = new();

    public PostgreSqlBatchAppender(PostgreSqlAuditSqlDialect dialect, string tableName, PostgreSqlWriteConnection connection)
    {
        _connection = connection;
        _sql = new PostgreSqlAppendSql(dialect, tableName);

        // Index paths exist for every table access of both statements. A plan made while the table was nearly empty
        // could scan it instead, and a prepared statement keeps its generic plan until the table's statistics change:
        // taken for granted here, so that the cost of a write never grows with the table.
        // set_config(…, true) is SET LOCAL: it lasts until the append's transaction ends. Its commit does not wait for
        // the flush; the barrier after it does.
        // The lock is taken by the same statement (a statement fewer for the server to run per batch), before the
        // append's statement starts and takes its snapshot.
        _settingsAndLock = "SELECT set_config('enable_seqscan', 'off', true), set_config('synchronous_commit', 'off', true), " +
            dialect.ChainLockCall(tableName);
        _tableName = tableName;
    }

    public async ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default) =>
        (await SendAsync(rows, predecessor: null, cancellationToken).ConfigureAwait(false))!;

    public async ValueTask<AuditBatchAppendResult?> AppendAfterAsync(IReadOnlyList<AuditUnlinkedRow> rows, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predecessor);
        return await SendAsync(rows, predecessor as Guid[] ?? [.. predecessor], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The head this writer expects the chain to have after the batches it sent; <see langword="null"/> when it does not know.</summary>
    internal AuditChainPosition? ExpectedHead => _prediction.Expected;

    /// <summary>Appends the rows with the links given as computed from <paramref name="expected"/> (for tests of the statement's check).</summary>
    internal async ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, AuditChainPosition expected, byte[][] links, CancellationToken cancellationToken = default) =>
        (await _connection.RunAsync(connection => AppendAsync(connection, rows, predecessor: null, expected, links, cancellationToken), cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Appends the rows (behind <paramref name="predecessor"/> when given) with the links computed from the head this
    /// writer expects, in the order of the calls; <see langword="null"/> when a predecessor id was not stored.
    /// </summary>
    private async Task<AuditBatchAppendResult?> SendAsync(IReadOnlyList<AuditUnlinkedRow> rows, Guid[]? predecessor, CancellationToken cancellationToken)
    {
        var (ticket, head, links) = _prediction.Send(rows);
        try
        {
            var result = await _connection.RunAsync(connection => AppendAsync(connection, rows, predecessor, head, links, cancellationToken), cancellationToken).ConfigureAwait(false);
            _prediction.Settle(ticket, result?.Head);
            return result;
        }
        catch
        {
            _prediction.Settle(ticket, head: null);
            throw;
        }
    }

    private async Task<AuditBatchAppendResult?> AppendAsync(
        NpgsqlConnection connection, IReadOnlyList<AuditUnlinkedRow> rows, Guid[]? predecessor, AuditChainPosition? expected, byte[][]? links, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            NpgsqlBatchCommand append;
            var takesLinks = PostgreSqlAppendSql.TakesLinks(rows.Count);
            if (takesLinks)
            {
                append = new NpgsqlBatchCommand(predecessor is null ? _sql.Batch : _sql.BatchAfter);
                append.Parameters.AddRange(ColumnArrays(rows));
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = rows.Select(row => row.Canonical).ToArray() });
            }
            else
            {
                append = new NpgsqlBatchCommand(predecessor is null ? _sql.One : _sql.OneAfter);
                append.Parameters.AddRange(Columns(rows[0]));
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = rows[0].Canonical });
            }

            append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = _tableName });
            if (predecessor is not null)
            {
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid, Value = predecessor });
            }

            if (takesLinks)
            {
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)expected?.Sequence ?? DBNull.Value });
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)expected?.Hash ?? DBNull.Value });
                append.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea, Value = (object?)links ?? DBNull.Value });
            }

            // BEGIN and COMMIT end the append's transaction inside the round trip, so that one Sync ends it and the server
            // answers once: a Sync after the append would make it answer twice, and the writer wake twice, a batch. The
            // flush barrier runs in an implicit transaction of its own. When a statement fails, the server skips the
            // rest up to the Sync, the transaction stays aborted, and the connection is given back (rolled back by the
            // pool; see PostgreSqlWriteConnection).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(_settingsAndLock));
            batch.BatchCommands.Add(append);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(FlushBarrier));
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                // BEGIN and COMMIT return no rows (the reader skips them); the settings and the lock return a row (three
                // columns); the append's one row (four columns) says what happened.
                while (reader.FieldCount < 4)
                {
                    if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("The append batch returned no report row.");
                    }
                }

                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var ready = predecessor is null || reader.GetBoolean(4);
                var result = new AuditBatchAppendResult
                {
                    Written = (int)reader.GetInt64(0),
                    Head = reader.IsDBNull(1) ? null : new AuditChainPosition(reader.GetInt64(1), reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2)),
                    StoredIds = reader.GetFieldValue<Guid[]>(3),
                };

                // The batch counts as written only once the barrier's commit is flushed; its failure throws here.
                if (!await reader.NextResultAsync(cancellationToken).ConfigureAwait(false) || !await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The append batch's flush barrier returned no row.");
                }

                return ready ? result : null;
            }
        }
    }

    /// <summary>One parameter per column of <see cref="AuditColumns.Data"/>, typed as the column.</summary>
    private static NpgsqlParameter[] Columns(AuditUnlinkedRow row) =>
        [.. AuditColumns.Data.Select((column, c) => new NpgsqlParameter { NpgsqlDbType = PostgreSqlAuditSqlDialect.ColumnType(column), Value = row.Values[c] ?? DBNull.Value })];

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
