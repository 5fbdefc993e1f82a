using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The search statements of the SQLite dialect: candidates from the FTS5 index for the rows it covers, plus every row
/// above its end (the unindexed tail), all confirmed with <c>LIKE</c>. Results are the same whether a row is indexed
/// yet or not; only their cost differs.
/// </summary>
internal static class SqliteSearchQuery
{
    /// <summary>The trigram tokenizer indexes 3-character windows, so shorter texts cannot use the index.</summary>
    public const int MinIndexedSearchLength = 3;

    /// <summary>The predicate of a search in a count, a facet or a query that cannot walk the index (see <see cref="IAuditSqlDialect.SearchPredicate"/>).</summary>
    public static string Predicate(string tableName, string search, AuditSqlParameters parameters, bool indexAvailable)
    {
        var like = LikePredicate(tableName, search, parameters);
        if (!indexAvailable || !CanUseIndex(search))
        {
            return like;
        }

        // The candidates are the index's matches plus every row above the index's end (the unindexed tail); LIKE
        // decides. One IN list keeps the plan a lookup of the candidates rather than a scan of the table.
        var t = SqliteAuditSqlDialect.Quote(tableName);
        var seq = SqliteAuditSqlDialect.Quote(AuditColumns.Seq);
        var index = SqliteSearchSchema.IndexTable(tableName);
        var indexedThrough = SqliteSearchSchema.IndexedThroughExpression(tableName);
        return $"{t}.{seq} IN (SELECT rowid FROM {index} WHERE {SqliteAuditSqlDialect.Quote(SqliteSearchSchema.IndexTableName(tableName))} MATCH {Phrase(search, parameters)} AND rowid <= {indexedThrough} " +
            $"UNION ALL SELECT tail.{seq} FROM {t} AS tail WHERE tail.{seq} > {indexedThrough}) AND ({like})";
    }

    /// <summary>A page of a search, newest candidates first (see <see cref="IAuditSqlDialect.IndexedSearch"/>).</summary>
    public static AuditIndexedSearch? Indexed(string tableName, string search, AuditSqlParameters parameters, string belowParameter, string limitParameter, bool indexAvailable)
    {
        if (!indexAvailable || !CanUseIndex(search))
        {
            return null;
        }

        // FTS5 walks a MATCH in rowid (= seq) order from either end and stops at the LIMIT, so the newest
        // candidates cost what they number, however many rows match in all. Rows above the index's end (the
        // unindexed tail, all newer than every indexed row) come first, found by LIKE on the audit table.
        var t = SqliteAuditSqlDialect.Quote(tableName);
        var seq = $"{t}.{SqliteAuditSqlDialect.Quote(AuditColumns.Seq)}";
        var index = SqliteSearchSchema.IndexTable(tableName);
        var indexedThrough = SqliteSearchSchema.IndexedThroughExpression(tableName);
        var like = LikePredicate(tableName, search, parameters);
        var tail = $"SELECT {seq} AS candidate FROM {t} WHERE {seq} > {indexedThrough} AND {seq} < {belowParameter} AND ({like}) " +
            $"ORDER BY {seq} DESC LIMIT {limitParameter}";
        var indexed = $"SELECT rowid AS candidate FROM {index} WHERE {SqliteAuditSqlDialect.Quote(SqliteSearchSchema.IndexTableName(tableName))} MATCH {Phrase(search, parameters)} " +
            $"AND rowid < {belowParameter} AND rowid <= {indexedThrough} ORDER BY rowid DESC LIMIT {limitParameter}";
        var candidates = $"SELECT candidate FROM (SELECT * FROM ({tail}) UNION ALL SELECT * FROM ({indexed})) ORDER BY candidate DESC LIMIT {limitParameter}";
        return new AuditIndexedSearch(candidates, like);
    }

    private static bool CanUseIndex(string search) => search.EnumerateRunes().Count() >= MinIndexedSearchLength;

    /// <summary>
    /// One FTS5 string (a phrase): inside double quotes every character is literal but the quote itself, which
    /// is doubled, so operators such as AND, NEAR( or * in the user's text mean nothing.
    /// </summary>
    private static string Phrase(string search, AuditSqlParameters parameters) =>
        parameters.Add("\"" + search.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");

    /// <summary>
    /// LIKE is the exact contract (literal, ASCII case-insensitive, escaped wildcards); it also confirms FTS hits,
    /// whose Unicode case folding and newline-joined change values are broader than the contract.
    /// </summary>
    private static string LikePredicate(string tableName, string search, AuditSqlParameters parameters) =>
        SqliteSearchColumns.LikeAny(SqliteAuditSqlDialect.Quote(tableName), parameters.Add(AuditSql.ContainsPattern(search)));
}
