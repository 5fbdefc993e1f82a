namespace AuditTrail;

/// <summary>
/// Decides whether a field or metadata name looks sensitive, ignoring case and separators. A term of more than
/// <see cref="ShortTermLength"/> letters matches anywhere in the name; a shorter one (<c>pin</c>, <c>otp</c>,
/// <c>pwd</c>) only where it ends one of the name's words, or begins one and is followed by nothing, a plural <c>s</c>
/// or three letters or more, so that <c>pin</c> redacts <c>userPin</c>, <c>pin_code</c>, <c>pincode</c> and
/// <c>newpin</c> but not <c>shipping_method</c>, <c>mapping</c> or <c>ping_interval</c>.
/// </summary>
internal sealed class SensitiveNames
{
    /// <summary>The longest term matched at the edges of words only.</summary>
    public const int ShortTermLength = 3;

    /// <summary>The fewest letters after a short term at the start of a word that make the word a compound of it.</summary>
    private const int MinimumTailLength = 3;

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
            if (word.EndsWith(term, StringComparison.OrdinalIgnoreCase)
                || (word.StartsWith(term, StringComparison.OrdinalIgnoreCase) && IsATermsWordTail(word[term.Length..])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether what follows a short term at the start of a word leaves the term a word of its own: nothing, a plural
    /// <c>s</c>, or a word of <see cref="MinimumTailLength"/> letters or more (<c>pincode</c>, <c>otpkey</c>); one or
    /// two letters make another word (<c>ping</c>, <c>pink</c>, <c>pint</c>).
    /// </summary>
    private static bool IsATermsWordTail(ReadOnlySpan<char> tail) =>
        tail.IsEmpty || tail is "s" or "S" || tail.Length >= MinimumTailLength;

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
