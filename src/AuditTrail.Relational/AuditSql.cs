using System.Text;
using System.Text.RegularExpressions;

namespace AuditTrail.Relational;

/// <summary>Helpers that every dialect needs: identifier validation and literal LIKE patterns.</summary>
public static partial class AuditSql
{
    /// <summary>The table that records which schema version each audit table has.</summary>
    public const string SchemaVersionTable = "audit_trail_schema";

    /// <summary>
    /// The table that keeps, per audit table, the retention anchor of the hash chain: the sequence and hash of
    /// the last row the newest purge removed (columns <c>table_name</c>, <c>anchor_seq</c>, <c>anchor_hash</c>).
    /// </summary>
    public const string ChainTable = "audit_trail_chain";

    /// <summary>
    /// The table that keeps, per audit table, the feed consumers' positions and leases (columns <c>table_name</c>,
    /// <c>name</c>, <c>position</c>, <c>lease_owner</c>, <c>lease_expires_at</c>, <c>updated_at</c>; primary key
    /// (<c>table_name</c>, <c>name</c>); times encoded by <see cref="IAuditSqlDialect.ToDbTime"/>).
    /// </summary>
    public const string ConsumersTable = "audit_trail_consumers";

    /// <summary>
    /// The table that keeps, per audit table, the legal holds (columns <c>table_name</c>, <c>id</c> (the hold's GUID as
    /// text, 36 characters), <c>tenant_id</c>, <c>actor_id</c>, <c>occurred_from</c>, <c>occurred_until</c>,
    /// <c>reason</c>, <c>placed_by</c>, <c>placed_at</c>, <c>released_by</c>, <c>released_at</c>; primary key
    /// (<c>table_name</c>, <c>id</c>); times encoded by <see cref="IAuditSqlDialect.ToDbTime"/>).
    /// </summary>
    public const string HoldsTable = "audit_trail_holds";

    /// <summary>
    /// The tables every relational store creates beside its audit tables and shares between them
    /// (<see cref="SchemaVersionTable"/>, <see cref="ChainTable"/>, <see cref="ConsumersTable"/>, <see cref="HoldsTable"/>):
    /// an audit table may not take one of these names (<see cref="GetTableNameProblem"/>).
    /// </summary>
    public static IReadOnlyList<string> SharedTableNames { get; } = [SchemaVersionTable, ChainTable, ConsumersTable, HoldsTable];

    /// <summary>The escape character of the patterns <see cref="ContainsPattern"/> builds; use it in <c>ESCAPE '\'</c>.</summary>
    public const char LikeEscape = '\\';

    /// <summary>The rule an identifier from options must follow, so that it can be quoted safely by any dialect.</summary>
    public const string IdentifierPattern = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

    /// <summary>Whether <paramref name="identifier"/> matches <see cref="IdentifierPattern"/>.</summary>
    /// <param name="identifier">The name to check.</param>
    /// <returns><see langword="true"/> when the name is a valid identifier.</returns>
    public static bool IsValidIdentifier(string? identifier) =>
        identifier is not null && IdentifierRegex().IsMatch(identifier);

    /// <summary>
    /// Describes why <paramref name="tableName"/> cannot name an audit table (not an identifier, or one of
    /// <see cref="SharedTableNames"/>), or returns <see langword="null"/> when it can.
    /// </summary>
    /// <param name="tableName">The name to check.</param>
    /// <returns>The problem, as a sentence, or <see langword="null"/>.</returns>
    public static string? GetTableNameProblem(string? tableName)
    {
        if (!IsValidIdentifier(tableName))
        {
            return $"The audit table name '{tableName}' is not valid: it must match {IdentifierPattern} " +
                "(letters, digits and underscores, not starting with a digit, at most 63 characters).";
        }

        string? purpose = tableName!.ToLowerInvariant() switch
        {
            SchemaVersionTable => "the schema version table",
            ChainTable => "the table of hash chain anchors",
            ConsumersTable => "the table of feed consumers' positions",
            HoldsTable => "the table of legal holds",
            _ => null,
        };
        return purpose is null ? null : $"The audit table name '{tableName}' is reserved for {purpose}; choose another name.";
    }

    /// <summary>
    /// Builds a LIKE pattern that matches <paramref name="text"/> literally anywhere in a value: <c>%</c>,
    /// <c>_</c> and the escape character are escaped with <see cref="LikeEscape"/>.
    /// </summary>
    /// <param name="text">The literal text.</param>
    /// <returns>The pattern, <c>%text%</c> with metacharacters escaped.</returns>
    public static string ContainsPattern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pattern = new StringBuilder(text.Length + 8);
        pattern.Append('%');
        foreach (var c in text)
        {
            if (c is '%' or '_' or LikeEscape)
            {
                pattern.Append(LikeEscape);
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    // \z rather than $: in .NET '$' also matches before a trailing '\n', which must not pass.
    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierRegex();
}
