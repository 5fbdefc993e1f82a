using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The SQL of the searched columns: the columns of the full-text index, in its column order, and the alternatives of
/// the <c>LIKE</c> predicate that confirms its hits, both from the searched fields of <see cref="AuditRecordFields"/>.
/// The changes are searched by their field names and values (the text values inside the JSON), not by the JSON itself.
/// </summary>
internal static class SqliteSearchColumns
{
    /// <summary>The searched columns; <see cref="AuditColumns.Changes"/> stands for the text values inside it.</summary>
    public static readonly IReadOnlyList<string> Searched = [.. AuditRecordFields.Searched.Select(field => field.Column)];

    /// <summary>The index's column list: the searched column names, comma-separated.</summary>
    public static string IndexColumnList => string.Join(", ", Searched);

    /// <summary>The values of the index's columns for the audit row <paramref name="row"/> (a quoted name or alias).</summary>
    public static string IndexedValues(string row) =>
        string.Join(", ", Searched.Select(column => column == AuditColumns.Changes ? ChangesText(row) : row + "." + SqliteAuditSqlDialect.Quote(column)));

    /// <summary>
    /// The condition that <paramref name="pattern"/> (a <c>LIKE</c> pattern escaped with <see cref="AuditSql.LikeEscape"/>)
    /// matches one of the searched values of the audit row <paramref name="row"/>.
    /// </summary>
    public static string LikeAny(string row, string pattern) =>
        string.Join(" OR ", Searched.Select(column => column == AuditColumns.Changes
            ? $"EXISTS (SELECT 1 FROM json_tree({row}.{SqliteAuditSqlDialect.Quote(AuditColumns.Changes)}) AS change " +
                $"WHERE change.type = 'text' AND change.value LIKE {pattern} ESCAPE '\\')"
            : $"{row}.{SqliteAuditSqlDialect.Quote(column)} LIKE {pattern} ESCAPE '\\'"));

    /// <summary>The indexed text of a row's changes: their field names and values, one per line, without JSON escaping.</summary>
    private static string ChangesText(string row) =>
        $"(SELECT group_concat(change.value, char(10)) FROM json_tree({row}.{SqliteAuditSqlDialect.Quote(AuditColumns.Changes)}) AS change WHERE change.type = 'text')";
}
