using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The SQL of the search index that follows the audit table (schema v6): a table of one search text per sequence
/// number with a pg_trgm GIN index, filled after commits from the audit table in sequence order, so it covers every
/// row up to its highest sequence number. Writers never touch it; rows above it (the unindexed tail) are searched
/// in the audit table. The fill and the rewrite write the search text function's body into their statements
/// (<see cref="PostgreSqlSearchText.Text"/>) rather than call it: the same text, computed in a quarter of the time.
/// </summary>
internal sealed class PostgreSqlSearchRows
{
    /// <summary>How many rows one fill statement indexes.</summary>
    public const int RowsPerPass = 5_000;

    public PostgreSqlSearchRows(PostgreSqlAuditSqlDialect dialect, string schema, string tableName)
    {
        var t = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        var seq = C(AuditColumns.Seq);
        var text = PostgreSqlSearchText.Text([.. PostgreSqlAuditSqlDialect.SearchTextArguments.Select(column => $"{t}.{C(column)}")]);

        Table = QualifiedTable(dialect, tableName);
        IndexedThrough = IndexedThroughOf(Table);
        Lock = $"SELECT pg_advisory_xact_lock(hashtextextended('audittrail.search:{schema}.{tableName}', 0))";
        Fill = $"INSERT INTO {Table} (seq, search_text) SELECT {t}.{seq}, {text} FROM {t} " +
            $"WHERE {t}.{seq} > {IndexedThrough} ORDER BY {t}.{seq} LIMIT {RowsPerPass}";
        RemovePurged = $"DELETE FROM {Table} WHERE seq <= (SELECT anchor_seq FROM {dialect.QualifyTableName(AuditSql.ChainTable)} WHERE table_name = $1)";
        Progress = $"SELECT {IndexedThrough}, (SELECT coalesce(max({seq}), 0) FROM {t})";
        Rewrite = $"UPDATE {Table} AS search SET search_text = {text} FROM {t} " +
            $"WHERE search.seq = {t}.{seq} AND {t}.{seq} = ANY($1)";
    }

    /// <summary>
    /// Makes the current implicit transaction commit without waiting for its WAL to be flushed (<c>SET LOCAL
    /// synchronous_commit = off</c>, without its warning outside a transaction block). Its WAL is flushed by the next
    /// synchronous commit or by the WAL writer, after every WAL record before it.
    /// </summary>
    public const string CommitWithoutFlush = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>The qualified search table.</summary>
    public string Table { get; }

    /// <summary>The highest indexed sequence number (0 when none): every row up to it is indexed.</summary>
    public string IndexedThrough { get; }

    /// <summary>Serializes fill and removal passes of every instance, to the end of their transaction.</summary>
    public string Lock { get; }

    /// <summary>Indexes the next <see cref="RowsPerPass"/> rows above <see cref="IndexedThrough"/>.</summary>
    public string Fill { get; }

    /// <summary>Deletes the texts of purged rows (up to the retention anchor; <c>$1</c> is the audit table's name).</summary>
    public string RemovePurged { get; }

    /// <summary>Replaces the texts of rows rewritten in place (tombstoned or erased) with what they hold now (<c>$1</c>: their sequence numbers).</summary>
    public string Rewrite { get; }

    /// <summary>The indexed-through sequence number and the newest row's.</summary>
    public string Progress { get; }

    /// <summary>The qualified search table of <paramref name="tableName"/>.</summary>
    public static string QualifiedTable(PostgreSqlAuditSqlDialect dialect, string tableName) => dialect.QualifyTableName(TableName(tableName));

    /// <summary>The highest indexed sequence number of the qualified search table <paramref name="table"/> (0 when none).</summary>
    public static string IndexedThroughOf(string table) => $"(SELECT coalesce(max(seq), 0) FROM {table})";

    /// <summary>The unquoted name of the search table of <paramref name="tableName"/>.</summary>
    public static string TableName(string tableName) => tableName + "_search_rows";

    /// <summary>
    /// The statements of schema v6: the old expression index goes, the search table and its trigram index come; the
    /// tenant and target user indexes become partial, since most rows have neither and filters only ask for equality.
    /// </summary>
    public static IReadOnlyList<string> Migration(PostgreSqlAuditSqlDialect dialect, string schema, string tableName)
    {
        var table = dialect.QualifyTableName(TableName(tableName));
        string Index(string suffix) => $"{dialect.QuoteIdentifier(schema)}.{dialect.QuoteIdentifier(tableName + "_" + suffix)}";
        return
        [
            $"DROP INDEX IF EXISTS {Index("search")}",
            $"CREATE TABLE {table} (seq bigint NOT NULL PRIMARY KEY, search_text text NOT NULL)",
            PostgreSqlSearchText.CreateIndex(dialect.QuoteIdentifier(tableName + "_search_gin"), table, "search_text"),
            $"DROP INDEX {Index("tenant")}",
            AuditSchemaMigration.PartialFilterIndexStatement(dialect, tableName, "tenant", AuditColumns.TenantId),
            $"DROP INDEX {Index("target_user")}",
            AuditSchemaMigration.PartialFilterIndexStatement(dialect, tableName, "target_user", AuditColumns.TargetUserId),
        ];
    }
}
