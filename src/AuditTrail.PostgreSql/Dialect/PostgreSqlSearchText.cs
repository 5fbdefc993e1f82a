namespace AuditTrail.PostgreSql;

/// <summary>
/// The SQL of the search text function and its trigram index: every searched field on its own line, so that a trigram
/// index over one expression serves a search of all of them. Schema v1 created them over its ten searched columns;
/// v4 (the target user) creates them again with two more; since v6 the trigram index is on the search table, whose
/// statements write the function's body (<see cref="Text"/>) instead of calling it. Change values come out of the
/// jsonb unescaped, as they were logged.
/// </summary>
internal static class PostgreSqlSearchText
{
    /// <summary>The searched columns of schema v1, in the function's argument order; the eighth is the changes (jsonb).</summary>
    public const int ChangesArgument = 8;

    /// <summary><c>CREATE FUNCTION</c> of <paramref name="function"/> over <paramref name="columns"/> (their names become the parameters).</summary>
    /// <param name="function">The qualified, quoted function name.</param>
    /// <param name="columns">The searched columns, unquoted, the changes at <see cref="ChangesArgument"/>.</param>
    public static string CreateFunction(string function, IReadOnlyList<string> columns)
    {
        var parameters = string.Join(", ", columns.Select((column, i) => column + (i + 1 == ChangesArgument ? " jsonb" : " text")));
        return $"""
            CREATE FUNCTION {function}({parameters})
            RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $audit$
                SELECT {Text(columns.Select((_, i) => $"${i + 1}").ToList())}
            $audit$
            """;
    }

    /// <summary>
    /// The search text of one row as an expression over <paramref name="arguments"/>: the body of the function
    /// <see cref="CreateFunction"/> makes, with the arguments in place of its parameters. PostgreSQL cannot inline that
    /// function (the changes are read with a subquery), and calling it costs four to five times as much as this
    /// expression written into the statement that indexes rows.
    /// </summary>
    /// <param name="arguments">SQL expressions, one per searched column in the function's argument order, the changes (jsonb) at <see cref="ChangesArgument"/>.</param>
    public static string Text(IReadOnlyList<string> arguments) =>
        string.Join(" || E'\\n' || ", arguments.Select((argument, i) => i + 1 == ChangesArgument
            ? $"coalesce((SELECT string_agg(coalesce(c ->> 'field', '') || E'\\n' || coalesce(c ->> 'old', '') || E'\\n' || coalesce(c ->> 'new', ''), E'\\n') FROM jsonb_array_elements({argument}) AS c), '')"
            : $"coalesce({argument}, '')"));

    /// <summary>
    /// The trigram index <paramref name="index"/> on <paramref name="table"/> over the function applied to
    /// <paramref name="arguments"/>. gin_trgm_ops lives in whichever schema the extension was created in, which need
    /// not be on the search path.
    /// </summary>
    /// <param name="index">The quoted, unqualified index name.</param>
    /// <param name="table">The qualified table.</param>
    /// <param name="function">The qualified function name.</param>
    /// <param name="arguments">The quoted columns the function takes, comma-separated.</param>
    public static string CreateIndex(string index, string table, string function, string arguments) =>
        CreateIndex(index, table, $"{function}({arguments})");

    /// <summary>The trigram index <paramref name="index"/> on <paramref name="table"/> over <paramref name="expression"/>.</summary>
    /// <param name="index">The quoted, unqualified index name.</param>
    /// <param name="table">The qualified table.</param>
    /// <param name="expression">The indexed text: a column, or a function call.</param>
    public static string CreateIndex(string index, string table, string expression) =>
        $"""
        DO $audit$
        DECLARE
            trgm_schema name := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
        BEGIN
            EXECUTE format('CREATE INDEX {index} ON {table} USING gin ({expression} %I.gin_trgm_ops)', trgm_schema);
        END
        $audit$
        """;
}
