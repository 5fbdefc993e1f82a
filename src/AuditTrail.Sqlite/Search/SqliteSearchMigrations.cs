using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The schema migrations of the database file that concern search. v1 kept the index in the file, filled by
/// triggers; v4 moved it to a file of its own filled by a thread; v5 brought it back into the file, filled after
/// commits in batches; v6 moves it to <see cref="SqliteSearchSchema.FilePath"/>, filled the same way, because its
/// passes in the database file held the write lock the audit table's writers wait for (docs/performance.md).
/// </summary>
internal static class SqliteSearchMigrations
{
    /// <summary>The schema version whose migration rewrites stored source IPs to their canonical form.</summary>
    public const int CanonicalSourceIpsVersion = 8;

    /// <summary>The index table of schema v5, in the database file.</summary>
    private static string InFileIndexTable(string tableName) => SqliteAuditSqlDialect.Quote(SqliteSearchSchema.IndexTableName(tableName));

    /// <summary>Schema v5 as it was released: the index in the database file, filled after commits in batches.</summary>
    public static AuditSchemaMigration InDatabaseFile(string tableName) => new(
        5,
        "Search index inside the database file, filled after commits in batches",
        [
            $"CREATE VIRTUAL TABLE IF NOT EXISTS {InFileIndexTable(tableName)} USING fts5({SqliteSearchColumns.IndexColumnList}, " +
                "content='', contentless_delete=1, tokenize='trigram')",
            """
            CREATE TABLE IF NOT EXISTS audit_trail_search (
                table_name TEXT NOT NULL PRIMARY KEY,
                indexed_through INTEGER NOT NULL,
                purged_through INTEGER NOT NULL
            ) STRICT
            """,
            "INSERT OR REPLACE INTO audit_trail_search (table_name, indexed_through, purged_through) " +
                $"SELECT '{tableName}', coalesce(max(anchor_seq), 0), coalesce(max(anchor_seq), 0) " +
                $"FROM {SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} WHERE table_name = '{tableName}'",
        ]);

    /// <summary>Schema v6: the index leaves the database file for its own (created and filled by the store from its first start).</summary>
    public static AuditSchemaMigration InOwnFile(string tableName) => new(
        6,
        "Search index moved to its own file again, so that filling it never holds the database's write lock",
        [
            $"DROP TABLE IF EXISTS {InFileIndexTable(tableName)}",
            $"DELETE FROM audit_trail_search WHERE table_name = '{tableName}'",
        ]);
}
