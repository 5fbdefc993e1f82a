namespace AuditTrail;

/// <summary>
/// Decides whether a field or metadata name looks sensitive, ignoring case and separators. A term of more than
/// <see cref="ShortTermLength"/> letters matches anywhere in the name; a shorter one (<c>pin</c>, <c>otp</c>,
/// <c>pwd</c>) only where it begins or ends one of the name's words, so that <c>pin</c> redacts <c>userPin</c>,
/// <c>pin_code</c> and <c>newpin</c> but not <c>shipping_method</c> or <c>mapping</c>.
/// </summary>
internal sealed class SensitiveNames
{
    /// <summary>The longest term matched at the edges of words only.</summary>
    public const int ShortTermLength = 3;

    private readonly string[] _terms;
    private readonly string[] _shortTerms;

    public SensitiveNames(IEnumerable<string> terms)
    {
        var folded = terms.Select(Fold).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _terms = [.. folded.Where(t => t.Length > ShortTermLength)];
        _shortTerms = [.. folded.Where(t => t.Length <= ShortTermLength)];
    }

    public bool IsSensitive(string name)
    {
        if (_terms.Length > 0)
        {
            var folded = Fold(name);
            foreach (var term in _terms)
            {
                if (folded.Contains(term, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return _shortTerms.Length > 0 && HasShortTermAtAWordsEdge(name);
    }

    private bool HasShortTermAtAWordsEdge(string name)
    {
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var ends = i == name.Length || !char.IsLetterOrDigit(name[i]);
            if (start >= 0 && (ends || StartsWord(name, i)))
            {
                if (IsShortTermAtEdge(name.AsSpan(start, i - start)))
                {
                    return true;
                }

                start = -1;
            }

            if (!ends && start < 0)
            {
                start = i;
            }
        }

        return false;
    }

    private bool IsShortTermAtEdge(ReadOnlySpan<char> word)
    {
        foreach (var term in _shortTerms)
        {
            if (word.StartsWith(term, StringComparison.OrdinalIgnoreCase) || word.EndsWith(term, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Fold(string name)
    {
        var folded = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is not ('_' or '-' or '.' or ' '))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString();
    }

    /// <summary>
    /// Whether a word of the name begins at <paramref name="i"/> inside a run of letters and digits: where a lower-case
    /// letter meets an upper-case one (<c>userPin</c>), where an acronym meets a word (<c>PINCode</c>), and between
    /// letters and digits.
    /// </summary>
    private static bool StartsWord(string name, int i)
    {
        var previous = name[i - 1];
        var c = name[i];
        return (char.IsLower(previous) && char.IsUpper(c))
            || (char.IsDigit(previous) != char.IsDigit(c))
            || (char.IsUpper(previous) && char.IsUpper(c) && i + 1 < name.Length && char.IsLower(name[i + 1]));
    }
}
