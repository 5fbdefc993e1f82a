using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// Schema v16: the tenant and target-user indexes hold only the rows that have a tenant or a target user, as on
/// PostgreSQL. Most rows have neither (a single-tenant application has no tenant at all; only actions on a user name
/// one), and every filter on them asks for equality, which SQLite takes to imply <c>IS NOT NULL</c>, so the filters and
/// a regular viewer's scope still seek them. A write then skips two index entries a row, and the file loses their pages.
/// </summary>
internal static class SqlitePartialIndexes
{
    public const int SchemaVersion = 16;

    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable)
    {
        string Index(string suffix) => dialect.QuoteIdentifier(auditTable + "_" + suffix);
        return new AuditSchemaMigration(SchemaVersion, "Tenant and target user indexes partial: most rows have neither, and filters only ask for equality",
        [
            $"DROP INDEX IF EXISTS {Index("tenant")}",
            AuditSchemaMigration.PartialFilterIndexStatement(dialect, auditTable, "tenant", AuditColumns.TenantId),

            // The columns of v13 (SqliteHistogramRollup.CoveringIndexes): the action type covers the histogram of a viewer's scope.
            $"DROP INDEX IF EXISTS {Index("target_user")}",
            AuditSchemaMigration.PartialFilterIndexStatement(dialect, auditTable, "target_user", AuditColumns.TargetUserId, AuditColumns.ActionType),
        ]);
    }
}
