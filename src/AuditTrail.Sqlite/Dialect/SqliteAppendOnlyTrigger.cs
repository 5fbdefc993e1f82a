using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// The append-only trigger that lets only the sanctioned rewrites through (<see cref="AuditRowRewrites"/>), created by
/// schema v11 and again by v18, which tightened the erasure: v11's trigger let an UPDATE clear a person's name, source IP
/// or user agent without putting a pseudonym in the place of their id. Both migrations build it from the current
/// predicate: a database that had not reached v11 runs v11 and v18 in one transaction, and v18's trigger replaces v11's.
/// </summary>
internal static class SqliteAppendOnlyTrigger
{
    public const int SchemaVersion = 18;

    /// <summary>Drops the trigger there is and creates the current one.</summary>
    public static string[] Statements(IAuditSqlDialect dialect, string auditTable)
    {
        var name = dialect.QuoteIdentifier(auditTable + "_append_only");
        return
        [
            $"DROP TRIGGER IF EXISTS {name}",
            $"""
            CREATE TRIGGER {name} BEFORE UPDATE ON {dialect.QuoteIdentifier(auditTable)}
            WHEN NOT (CASE WHEN {AuditRowRewrites.SanctionedUpdatePredicate(dialect, "old", "new", (a, b) => $"{a} IS {b}")} THEN 1 ELSE 0 END) BEGIN
                SELECT RAISE(ABORT, 'audit records are append-only (only a tombstoning or an erasure may rewrite a row)');
            END
            """,
        ];
    }

    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable) =>
        new(SchemaVersion, "Append-only trigger whose erasure clears a person's fields only where it puts a pseudonym in the place of their id",
            Statements(dialect, auditTable));
}
