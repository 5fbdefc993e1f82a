using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Where the search index of an audit table lives in the database: an FTS5 trigram table beside the audit table, and
/// its row in <see cref="StateTable"/> that records how far it is; and the migration that creates both.
/// </summary>
internal static class SqliteSearchSchema
{
    /// <summary>
    /// The table that records, per audit table, how far its index is: every row with a sequence number up to
    /// <c>indexed_through</c> is in the index (or purged), and the index holds no row at or below <c>purged_through</c>.
    /// </summary>
    public const string StateTable = "audit_trail_search";

    /// <summary>The index table of an audit table, unquoted.</summary>
    public static string IndexTableName(string tableName) => tableName + "_search";

    /// <summary>The index table of an audit table, quoted.</summary>
    public static string IndexTable(string tableName) => SqliteAuditSqlDialect.Quote(IndexTableName(tableName));

    /// <summary>The sequence number through which the index is complete, as a SQL expression; 0 before the first pass.</summary>
    /// <param name="tableName">The validated audit table name.</param>
    public static string IndexedThroughExpression(string tableName) =>
        $"coalesce((SELECT state.indexed_through FROM {StateTable} AS state WHERE state.table_name = '{tableName}'), 0)";

    /// <summary>
    /// Schema v5: the index back in the database file (v1 had it there, filled by triggers; v4 moved it to a file of
    /// its own), filled after commits in large batches by <see cref="SqliteSearchCatchUp"/>. It starts empty, at the
    /// retention anchor: the store fills it in batches from its first start, and search reads the rows it does not
    /// cover yet from the audit table meanwhile.
    /// </summary>
    public static AuditSchemaMigration Migration(string tableName) => new(
        5,
        "Search index inside the database file, filled after commits in batches",
        [
            // Contentless: the text lives only in the audit table; contentless_delete lets a purge remove rows by
            // rowid (= seq). Trigram gives case-insensitive substring matching.
            $"CREATE VIRTUAL TABLE IF NOT EXISTS {IndexTable(tableName)} USING fts5({SqliteSearchColumns.IndexColumnList}, " +
                "content='', contentless_delete=1, tokenize='trigram')",
            $"""
            CREATE TABLE IF NOT EXISTS {StateTable} (
                table_name TEXT NOT NULL PRIMARY KEY,
                indexed_through INTEGER NOT NULL,
                purged_through INTEGER NOT NULL
            ) STRICT
            """,
            $"INSERT OR REPLACE INTO {StateTable} (table_name, indexed_through, purged_through) " +
                $"SELECT '{tableName}', coalesce(max(anchor_seq), 0), coalesce(max(anchor_seq), 0) " +
                $"FROM {SqliteAuditSqlDialect.Quote(AuditSql.ChainTable)} WHERE table_name = '{tableName}'",
        ]);
}
