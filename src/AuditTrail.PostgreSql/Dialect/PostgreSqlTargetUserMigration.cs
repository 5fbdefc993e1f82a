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
            $"""
            CREATE FUNCTION {searchFunction}(
                actor_id text, actor_name text, action text, resource_type text, resource_id text,
                resource_name text, description text, changes jsonb, failure_reason text, source_ip text,
                target_user_id text, target_user_name text)
            RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $audit$
                SELECT coalesce($1, '') || E'\n' || coalesce($2, '') || E'\n' || coalesce($3, '') || E'\n'
                    || coalesce($4, '') || E'\n' || coalesce($5, '') || E'\n' || coalesce($6, '') || E'\n'
                    || coalesce($7, '') || E'\n'
                    || coalesce((SELECT string_agg(coalesce(c ->> 'field', '') || E'\n' || coalesce(c ->> 'old', '') || E'\n' || coalesce(c ->> 'new', ''), E'\n')
                                 FROM jsonb_array_elements($8) AS c), '') || E'\n'
                    || coalesce($9, '') || E'\n' || coalesce($10, '') || E'\n'
                    || coalesce($11, '') || E'\n' || coalesce($12, '')
            $audit$
            """,
            $"DROP INDEX {Qualified("search")}",
            $"""
            DO $audit$
            DECLARE
                trgm_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
            BEGIN
                EXECUTE format('CREATE INDEX {dialect.QuoteIdentifier(tableName + "_search")} ON {t} USING gin ({searchFunction}({searchArguments}) %I.gin_trgm_ops)', trgm_schema);
            END
            $audit$
            """,
            $"DROP FUNCTION {searchFunction}(text, text, text, text, text, text, text, jsonb, text, text)",
        ]);
    }
}
