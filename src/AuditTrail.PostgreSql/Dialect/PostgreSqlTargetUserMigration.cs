using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Schema v4 of the PostgreSQL store: the target user's columns and index, and the search text function and its trigram
/// index taken again with the target user's id and name appended (<see cref="PostgreSqlAuditSqlDialect.SearchTextArguments"/>).
/// </summary>
internal static class PostgreSqlTargetUserMigration
{
    public static AuditSchemaMigration Create(PostgreSqlAuditSqlDialect dialect, string schema, string tableName)
    {
        var t = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        string Qualified(string suffix) => dialect.QuoteIdentifier(schema) + "." + dialect.QuoteIdentifier(tableName + "_" + suffix);
        var searchFunction = Qualified("search_text");
        var searchArguments = string.Join(", ", PostgreSqlAuditSqlDialect.SearchTextArguments.Select(C));

        return new AuditSchemaMigration(4, "Target user columns and index; search text covers the target user",
        [
            $"ALTER TABLE {t} ADD COLUMN {C(AuditColumns.TargetUserId)} text COLLATE \"C\" NULL, " +
                $"ADD COLUMN {C(AuditColumns.TargetUserName)} text COLLATE \"C\" NULL",
            AuditSchemaMigration.TargetUserIndexStatement(dialect, tableName),

            // An overload of v1's function (ten arguments) with the target user's two appended; the index moves to it
            // and the v1 function goes.
            PostgreSqlSearchText.CreateFunction(searchFunction, PostgreSqlAuditSqlDialect.SearchTextArguments),
            $"DROP INDEX {Qualified("search")}",
            PostgreSqlSearchText.CreateIndex(dialect.QuoteIdentifier(tableName + "_search"), t, searchFunction, searchArguments),
            $"DROP FUNCTION {searchFunction}(text, text, text, text, text, text, text, jsonb, text, text)",
        ]);
    }
}
