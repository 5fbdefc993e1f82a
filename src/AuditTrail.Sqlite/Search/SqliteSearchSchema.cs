namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Where the search index of an audit table lives: a SQLite file of its own beside the database,
/// <c>{database file}-fts</c>, attached to the connections that search or fill it as <see cref="SchemaName"/>. It holds
/// an FTS5 trigram table per audit table and its row in <see cref="StateTable"/>, which records how far the index is.
/// A file of its own has a write lock of its own: filling the index never makes the audit table's writers wait.
/// </summary>
internal static class SqliteSearchSchema
{
    /// <summary>The name the index file is attached under.</summary>
    public const string SchemaName = "audittrail_search";

    /// <summary>What the index file's name adds to the database file's.</summary>
    public const string FileSuffix = "-fts";

    /// <summary>
    /// The table that records, per audit table, how far its index is: every row with a sequence number up to
    /// <c>indexed_through</c> is in the index (or purged), the index holds no row at or below <c>purged_through</c>,
    /// and <c>indexed_through_hash</c> is the chain hash of the row at <c>indexed_through</c>, which tells whether
    /// the index still belongs to the database beside it (a database restored from an older copy does not match).
    /// </summary>
    public static readonly string StateTable = SchemaName + "." + StateTableName;

    /// <summary><see cref="StateTable"/> unqualified; older schemas kept it in the database file under this name.</summary>
    public const string StateTableName = "audit_trail_search";

    /// <summary>
    /// The table, in the database file, that names the audit tables whose rewritten source IPs the index must take again:
    /// the canonical-address migration (schema v7) adds its table there, and the store, having indexed those rows
    /// again, removes it.
    /// </summary>
    public const string ReindexTable = "audit_trail_search_reindex";

    /// <summary>
    /// The table, in the index file, of the rows whose entries the index owes an update: a tombstoning records its rows
    /// here before it commits, and the update that takes their old text out removes them (<see cref="SqliteSearchOwedRewrites"/>).
    /// </summary>
    public static readonly string OwedTable = SchemaName + ".audit_trail_search_rewrites";

    /// <summary>The index file of <paramref name="databaseFile"/>.</summary>
    public static string FilePath(string databaseFile) => databaseFile + FileSuffix;

    /// <summary>The index table of an audit table, unqualified and unquoted.</summary>
    public static string IndexTableName(string tableName) => tableName + "_search";

    /// <summary>The index table of an audit table, qualified with <see cref="SchemaName"/> and quoted.</summary>
    public static string IndexTable(string tableName) => SchemaName + "." + SqliteAuditSqlDialect.Quote(IndexTableName(tableName));

    /// <summary>
    /// The statement that indexes the rows of the audit table (in the database file, <c>row</c> in
    /// <paramref name="rowCondition"/>) that meet <paramref name="rowCondition"/>: one <c>INSERT … SELECT</c>.
    /// </summary>
    /// <param name="tableName">The validated audit table name.</param>
    /// <param name="rowCondition">A condition on the audit row <c>row</c>.</param>
    public static string IndexRows(string tableName, string rowCondition) =>
        $"INSERT INTO {IndexTable(tableName)} (rowid, {SqliteSearchColumns.IndexColumnList}) " +
        $"SELECT row.{SqliteAuditSqlDialect.Quote(AuditTrail.Relational.AuditColumns.Seq)}, {SqliteSearchColumns.IndexedValues("row")} " +
        $"FROM main.{SqliteAuditSqlDialect.Quote(tableName)} AS row WHERE {rowCondition}";

    /// <summary>The sequence number through which the index is complete, as a SQL expression; 0 before the first pass.</summary>
    /// <param name="tableName">The validated audit table name.</param>
    public static string IndexedThroughExpression(string tableName) =>
        $"coalesce((SELECT state.indexed_through FROM {StateTable} AS state WHERE state.table_name = '{tableName}'), 0)";

    /// <summary>The statements that create the index of <paramref name="tableName"/> in the attached file, when it lacks it.</summary>
    public static IReadOnlyList<string> CreateStatements(string tableName) =>
    [
        // Contentless: the text lives only in the audit table; contentless_delete lets a purge remove rows by
        // rowid (= seq). Trigram gives case-insensitive substring matching.
        $"CREATE VIRTUAL TABLE IF NOT EXISTS {IndexTable(tableName)} USING fts5({SqliteSearchColumns.IndexColumnList}, " +
            "content='', contentless_delete=1, tokenize='trigram')",
        $"""
        CREATE TABLE IF NOT EXISTS {StateTable} (
            table_name TEXT NOT NULL PRIMARY KEY,
            indexed_through INTEGER NOT NULL,
            purged_through INTEGER NOT NULL,
            indexed_through_hash BLOB NULL
        ) STRICT
        """,
        $"CREATE TABLE IF NOT EXISTS {OwedTable} (table_name TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (table_name, seq)) WITHOUT ROWID, STRICT",
    ];
}
