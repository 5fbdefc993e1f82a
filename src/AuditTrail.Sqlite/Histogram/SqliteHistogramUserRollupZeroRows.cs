using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// Schema v17: the per-user rollup (<see cref="SqliteHistogramUserRollup"/>) deletes a row whose count falls to zero. Its
/// delete and update triggers used to leave such rows, so a purged or erased user's id stayed in the table, keyed with the
/// hours and action types of their records, after no record named them any more (an erasure must leave no trace of it).
/// The migration deletes the rows left so far and makes both triggers delete them from now on.
/// </summary>
internal static class SqliteHistogramUserRollupZeroRows
{
    public const int SchemaVersion = 17;

    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable)
    {
        var t = dialect.QuoteIdentifier(auditTable);
        var rollup = dialect.QuoteIdentifier(SqliteHistogramUserRollup.TableName(auditTable));
        string Trigger(string suffix) => SqliteHistogramUserRollup.TriggerName(dialect, auditTable, suffix);
        string C(string column) => dialect.QuoteIdentifier(column);
        const string Key = SqliteHistogramUserRollup.KeyColumns;

        string Actor(string row) => SqliteHistogramUserRollup.Actor(dialect, row);
        string Target(string row) => SqliteHistogramUserRollup.Target(dialect, row);
        string AboutSomeoneElse(string row) => SqliteHistogramUserRollup.AboutSomeoneElse(dialect, row);
        string Add(string row) => SqliteHistogramUserRollup.AddRowStatements(dialect, auditTable, row);
        string Remove(string row) =>
            $"UPDATE {rollup} SET count = count - 1 WHERE {Key} = ({Actor(row)}); " +
            $"DELETE FROM {rollup} WHERE {Key} = ({Actor(row)}) AND count <= 0; " +
            $"UPDATE {rollup} SET count = count - 1 WHERE {AboutSomeoneElse(row)} AND {Key} = ({Target(row)}); " +
            $"DELETE FROM {rollup} WHERE {AboutSomeoneElse(row)} AND {Key} = ({Target(row)}) AND count <= 0;";

        return new AuditSchemaMigration(SchemaVersion, "Activity chart rollup per user: a row whose count falls to zero is deleted, so no purged or erased user's id stays in it",
        [
            $"DROP TRIGGER IF EXISTS {Trigger("delete")}",
            $"DROP TRIGGER IF EXISTS {Trigger("update")}",
            $"DELETE FROM {rollup} WHERE count <= 0",
            $"CREATE TRIGGER {Trigger("delete")} AFTER DELETE ON {t} BEGIN {Remove("old")} END",
            $"CREATE TRIGGER {Trigger("update")} AFTER UPDATE OF {C(AuditColumns.OccurredAt)}, {C(AuditColumns.ActionType)}, {C(AuditColumns.TenantId)}, {C(AuditColumns.ActorId)}, {C(AuditColumns.TargetUserId)} ON {t} BEGIN {Remove("old")} {Add("new")} END",
        ]);
    }
}
