namespace AuditTrail;

/// <summary>
/// Distinct texts by a comparer, without a set while there is only one: most episodes come from one address and do
/// one kind of thing, and a trail can hold hundreds of thousands of them.
/// </summary>
internal sealed class AuditDistinctTexts(StringComparer comparer)
{
    private string? _first;
    private HashSet<string>? _all;

    public int Count => _all?.Count ?? (_first is null ? 0 : 1);

    /// <summary>The first text added, or <see langword="null"/> when none was.</summary>
    public string? First => _first;

    public void Add(string text)
    {
        if (_first is null)
        {
            _first = text;
        }
        else if (_all is not null)
        {
            _all.Add(text);
        }
        else if (!comparer.Equals(_first, text))
        {
            _all = new HashSet<string>(comparer) { _first, text };
        }
    }

    public void UnionWith(AuditDistinctTexts other)
    {
        foreach (var text in other._all ?? (IEnumerable<string>)(other._first is null ? [] : [other._first]))
        {
            Add(text);
        }
    }
}
