using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// The activity chart's rollup per user (schema v14): the records counted per user, UTC hour, action type and tenant in
/// the table <c>{table}_hourly_user</c>, once as their actor (<c>about = 0</c>) and once as their target user when that is
/// someone else (<c>about = 1</c>), kept inside every write transaction (inserts counted once per transaction since v15,
/// <see cref="SqliteHistogramRollupWrites"/>; purges and rewrites of the time, type, tenant, actor or target user, as an
/// erasure does, by triggers) and filled from the existing rows by the migration. It answers the histogram of chosen
/// actors, and that of a regular viewer's scope (their actions, and the records about them), from its whole hours; the
/// ends and every other filter are counted as before.
/// </summary>
internal static class SqliteHistogramUserRollup
{
    public const int SchemaVersion = 14;

    internal const string KeyColumns = "(user_id, about, hour, action_type, tenant_id)";

    public static string TableName(string auditTable) => auditTable + "_hourly_user";

    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable)
    {
        var t = dialect.QuoteIdentifier(auditTable);
        var rollup = dialect.QuoteIdentifier(TableName(auditTable));
        string Trigger(string suffix) => TriggerName(dialect, auditTable, suffix);
        string C(string column) => dialect.QuoteIdentifier(column);

        string Actor(string row) => SqliteHistogramUserRollup.Actor(dialect, row);
        string Target(string row) => SqliteHistogramUserRollup.Target(dialect, row);
        string AboutSomeoneElse(string row) => SqliteHistogramUserRollup.AboutSomeoneElse(dialect, row);
        string Add(string row) => AddRowStatements(dialect, auditTable, row);
        string Remove(string row) =>
            $"UPDATE {rollup} SET count = count - 1 WHERE {KeyColumns} = ({Actor(row)}); " +
            $"UPDATE {rollup} SET count = count - 1 WHERE {AboutSomeoneElse(row)} AND {KeyColumns} = ({Target(row)});";

        return new AuditSchemaMigration(SchemaVersion, "Activity chart rollup per user: records per actor or target user, hour, action type and tenant, kept by triggers",
        [
            $"DROP TRIGGER IF EXISTS {Trigger("insert")}",
            $"DROP TRIGGER IF EXISTS {Trigger("delete")}",
            $"DROP TRIGGER IF EXISTS {Trigger("update")}",
            $"DROP TABLE IF EXISTS {rollup}",
            $"CREATE TABLE {rollup} (user_id TEXT NOT NULL, about INTEGER NOT NULL, hour INTEGER NOT NULL, action_type TEXT NOT NULL, tenant_id TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY {KeyColumns}) WITHOUT ROWID, STRICT",
            $"INSERT INTO {rollup} {KeyColumns[..^1]}, count) SELECT {Actor("r")}, COUNT(*) FROM {t} AS r GROUP BY 1, 2, 3, 4, 5",
            $"INSERT INTO {rollup} {KeyColumns[..^1]}, count) SELECT {Target("r")}, COUNT(*) FROM {t} AS r WHERE {AboutSomeoneElse("r")} GROUP BY 1, 2, 3, 4, 5",
            $"CREATE TRIGGER {Trigger("insert")} AFTER INSERT ON {t} BEGIN {Add("new")} END",
            $"CREATE TRIGGER {Trigger("delete")} AFTER DELETE ON {t} BEGIN {Remove("old")} END",
            $"CREATE TRIGGER {Trigger("update")} AFTER UPDATE OF {C(AuditColumns.OccurredAt)}, {C(AuditColumns.ActionType)}, {C(AuditColumns.TenantId)}, {C(AuditColumns.ActorId)}, {C(AuditColumns.TargetUserId)} ON {t} BEGIN {Remove("old")} {Add("new")} END",
        ]);
    }

    /// <summary>The quoted name of one of the rollup's triggers on the audit table (<c>insert</c>, <c>delete</c> or <c>update</c>).</summary>
    internal static string TriggerName(IAuditSqlDialect dialect, string auditTable, string suffix) =>
        dialect.QuoteIdentifier(auditTable + "_hourly_user_" + suffix);

    /// <summary>A trigger body's statements that count one row (<c>new</c> or <c>old</c>): for its actor, and for its target user when that is someone else.</summary>
    internal static string AddRowStatements(IAuditSqlDialect dialect, string auditTable, string row)
    {
        var rollup = dialect.QuoteIdentifier(TableName(auditTable));
        return $"INSERT INTO {rollup} {KeyColumns[..^1]}, count) VALUES ({Actor(dialect, row)}, 1) ON CONFLICT {KeyColumns} DO UPDATE SET count = count + 1; " +
            $"INSERT INTO {rollup} {KeyColumns[..^1]}, count) SELECT {Target(dialect, row)}, 1 WHERE {AboutSomeoneElse(dialect, row)} ON CONFLICT {KeyColumns} DO UPDATE SET count = count + 1;";
    }

    /// <summary>
    /// Adds the rows of <paramref name="rows"/> (a <c>FROM</c> clause naming the audit table <c>r</c>, and its <c>WHERE</c>)
    /// to the rollup: one grouped upsert for their actors and one for their target users (<see cref="SqliteHistogramRollupWrites"/>).
    /// </summary>
    public static string CountRowsStatements(IAuditSqlDialect dialect, string auditTable, string rows)
    {
        var insert = $"INSERT INTO {dialect.QuoteIdentifier(TableName(auditTable))} {KeyColumns[..^1]}, count)";
        var upsert = $"ON CONFLICT {KeyColumns} DO UPDATE SET count = count + excluded.count;";
        return $"{insert} SELECT {Actor(dialect, "r")}, COUNT(*) {rows} GROUP BY 1, 2, 3, 4, 5 {upsert} " +
            $"{insert} SELECT {Target(dialect, "r")}, COUNT(*) {rows} AND {AboutSomeoneElse(dialect, "r")} GROUP BY 1, 2, 3, 4, 5 {upsert}";
    }

    /// <summary>The key of a row's actor: the actor, <c>about = 0</c>, and the row's hour, type and tenant.</summary>
    internal static string Actor(IAuditSqlDialect dialect, string row) =>
        $"{row}.{dialect.QuoteIdentifier(AuditColumns.ActorId)}, 0, {SqliteHistogramRollup.Key(dialect, row)}";

    /// <summary>The key of a row's target user: the target user, <c>about = 1</c>, and the row's hour, type and tenant.</summary>
    internal static string Target(IAuditSqlDialect dialect, string row) =>
        $"{row}.{dialect.QuoteIdentifier(AuditColumns.TargetUserId)}, 1, {SqliteHistogramRollup.Key(dialect, row)}";

    /// <summary>Whether a row is about a user other than its actor (and so counts for that user too).</summary>
    internal static string AboutSomeoneElse(IAuditSqlDialect dialect, string row) =>
        $"{row}.{dialect.QuoteIdentifier(AuditColumns.TargetUserId)} IS NOT NULL AND {row}.{dialect.QuoteIdentifier(AuditColumns.TargetUserId)} IS NOT {row}.{dialect.QuoteIdentifier(AuditColumns.ActorId)}";

    /// <summary>
    /// The users and roles whose rows answer the filter, or null when this rollup cannot: chosen actors (no scope), or a
    /// regular viewer's scope with no actor filter but the viewer themself; besides those, only types, tenant and time.
    /// </summary>
    public static (IReadOnlyList<string> Users, bool IncludeAbout)? Users(AuditFilter filter)
    {
        if (!SqliteHistogramRollup.CanServe(filter with { ScopeActorId = null, ScopeIncludesTargetUser = false, ActorIds = [] }))
        {
            return null;
        }

        if (filter.ScopeActorId is not { } viewer)
        {
            return filter.ActorIds.Count > 0 ? ([.. filter.ActorIds.Distinct(StringComparer.Ordinal)], false) : null;
        }

        if (filter.ActorIds.Count == 0)
        {
            return ([viewer], filter.ScopeIncludesTargetUser);
        }

        // The viewer's own actions, when the actor filter names no one else.
        return filter.ActorIds.All(actor => string.Equals(actor, viewer, StringComparison.Ordinal)) ? ([viewer], false) : null;
    }
}
