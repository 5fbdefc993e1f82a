using System.Text.RegularExpressions;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// The HTML comment right before a C# fence that says how to compile it, for example
/// <c>&lt;!-- snippet: fragment services --&gt;</c>: a kind, bare words, and <c>key="value"</c> pairs
/// (grammar in this project's README).
/// </summary>
public sealed partial record SnippetMarker(SnippetKind Kind, IReadOnlyList<string> Words, IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Reads a marker comment, or returns <see langword="null"/> when <paramref name="html"/> is not one.</summary>
    public static SnippetMarker? Parse(string html)
    {
        var match = MarkerPattern().Match(html.Trim());
        if (!match.Success)
        {
            return null;
        }

        var kind = Enum.Parse<SnippetKind>(match.Groups["kind"].Value, ignoreCase: true);
        var words = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match token in TokenPattern().Matches(match.Groups["rest"].Value))
        {
            if (token.Groups["key"].Success)
            {
                values[token.Groups["key"].Value] = token.Groups["value"].Value;
            }
            else
            {
                words.Add(token.Groups["word"].Value);
            }
        }

        return new SnippetMarker(kind, words, values);
    }

    public bool Has(string word) => Words.Contains(word, StringComparer.Ordinal);

    public override string ToString() =>
        string.Join(' ', new[] { Kind.ToString().ToLowerInvariant() }.Concat(Words).Concat(Values.Select(v => $"{v.Key}=\"{v.Value}\"")));

    [GeneratedRegex(@"^<!--\s*snippet:\s*(?<kind>program|fragment|class|skip)\b(?<rest>.*?)-->$", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"(?<key>[a-z]+)=""(?<value>[^""]*)""|(?<word>[A-Za-z0-9_-]+)")]
    private static partial Regex TokenPattern();
}
