namespace AuditTrail;

/// <summary>Decides whether a field or metadata name looks sensitive, ignoring case and separators.</summary>
internal sealed class SensitiveNames
{
    private readonly string[] _terms;

    public SensitiveNames(IEnumerable<string> terms)
    {
        _terms = [.. terms.Select(Fold).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    public bool IsSensitive(string name)
    {
        if (_terms.Length == 0)
        {
            return false;
        }

        var folded = Fold(name);
        foreach (var term in _terms)
        {
            if (folded.Contains(term, StringComparison.Ordinal))
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
}
