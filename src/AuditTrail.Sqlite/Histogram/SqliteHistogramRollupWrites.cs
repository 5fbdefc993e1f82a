using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// Counts the rows of each write transaction into both activity-chart rollups (<see cref="SqliteHistogramRollup"/>,
/// <see cref="SqliteHistogramUserRollup"/>) with one statement per rollup, after the transaction's last insert. Until
/// schema v15 a trigger per row did it, which made every insert a statement that SQLite backs with a statement journal
/// (a temporary file written for each row). Purges and rewrites still adjust the rollups through their triggers.
/// </summary>
internal sealed class SqliteHistogramRollupWrites(IAuditSqlDialect dialect, string auditTable) : IAuditInsertedRowsHandler
{
    public const int SchemaVersion = 15;

    private readonly string _statements = Statements(dialect, auditTable);

    /// <summary>Drops the per-row insert triggers of v12 and v14; the store counts each transaction's rows from now on.</summary>
    /// <remarks>A process of an older AuditTrail that keeps writing to the file after this migration would not count its rows: stop them first.</remarks>
    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable) =>
        new(SchemaVersion, "Activity chart rollups counted once per write transaction instead of by a trigger per inserted row",
        [
            $"DROP TRIGGER IF EXISTS {dialect.QuoteIdentifier(auditTable + "_hourly_insert")}",
            $"DROP TRIGGER IF EXISTS {dialect.QuoteIdentifier(auditTable + "_hourly_user_insert")}",
        ]);

    public async ValueTask OnInsertedAsync(DbConnection connection, DbTransaction transaction, long firstSequence, long lastSequence, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = _statements;
            SqliteHistogramRollup.Add(command, "@first", firstSequence);
            SqliteHistogramRollup.Add(command, "@last", lastSequence);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Statements(IAuditSqlDialect dialect, string auditTable)
    {
        var rows = $"FROM {dialect.QuoteIdentifier(auditTable)} AS r WHERE r.{dialect.QuoteIdentifier(AuditColumns.Seq)} BETWEEN @first AND @last";
        return string.Join(
            " ",
            SqliteHistogramRollup.CountRowsStatement(dialect, auditTable, rows),
            SqliteHistogramUserRollup.CountRowsStatements(dialect, auditTable, rows));
    }
}
