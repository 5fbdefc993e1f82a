using System.Buffers;
using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The pattern that picks a search's candidates from the search table. That table's text is matched with <c>ILIKE</c>
/// under the database's own collation, which its trigram index lowers with too, while the search contract folds ASCII
/// letters only (each candidate is confirmed field by field under <c>"C"</c>). Most collations lower each letter by
/// itself and ASCII letters to ASCII letters, so the candidates hold every match; a Turkish or Azerbaijani collation
/// lowers <c>I</c> to a dotless <c>ı</c>, and ICU lowers a final <c>Σ</c> to <c>ς</c>, so once indexed a row holding
/// "ISTANBUL" was no candidate for "istanbul" (nor "Wiki" for "WIKI"). Where the database lowers so (tested in the
/// statement itself: PostgreSQL folds the constant test while planning, so the index still serves the pattern), those
/// letters are single-character wildcards in the candidate pattern; the confirmation keeps the results exact.
/// </summary>
internal static class PostgreSqlSearchPattern
{
    /// <summary>True where the database lowers <c>I</c> to <c>i</c> and a final capital sigma to <c>σ</c>.</summary>
    private const string LowersLetterByLetter = "lower('I') = 'i' AND lower(U&'\\0391\\03A3') = U&'\\03B1\\03C3'";

    /// <summary>The letters whose lowering depends on the collation's language or on the letters around them.</summary>
    private static readonly SearchValues<char> CollationDependent = SearchValues.Create("iI\u03A3\u03C3\u03C2");

    /// <summary>
    /// The candidate pattern's SQL: <paramref name="placeholder"/> itself when <paramref name="pattern"/> (its value, as
    /// <see cref="AuditSql.ContainsPattern"/> built it) holds no collation-dependent letter, else a choice between it and
    /// the same pattern with those letters as <c>_</c>.
    /// </summary>
    public static string Candidates(string placeholder, string pattern, AuditSqlParameters parameters)
    {
        if (pattern.AsSpan().IndexOfAny(CollationDependent) < 0)
        {
            return placeholder;
        }

        // An escaped character is never one of these letters, so each of them in the pattern is a literal letter.
        var wildcards = string.Create(pattern.Length, pattern, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = CollationDependent.Contains(source[i]) ? '_' : source[i];
            }
        });
        return $"(CASE WHEN {LowersLetterByLetter} THEN {placeholder} ELSE {parameters.Add(wildcards)} END)";
    }
}
