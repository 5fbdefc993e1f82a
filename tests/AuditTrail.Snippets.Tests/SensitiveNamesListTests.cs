using System.Text.RegularExpressions;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// The default sensitive names that README.md and docs/security.md list are the ones the library redacts
/// (<see cref="AuditTrailOptions.DefaultSensitiveNames"/>), no more and no fewer.
/// </summary>
public sealed partial class SensitiveNamesListTests
{
    [Fact]
    public void ReadmeRedactionParagraph_ListsEveryDefaultSensitiveName()
    {
        var list = ListIn("README.md", ReadmeList());

        list.Should().BeEquivalentTo(AuditTrailOptions.DefaultSensitiveNames);
    }

    [Fact]
    public void SecurityPage_ListsEveryDefaultSensitiveName()
    {
        var list = ListIn(Path.Combine("docs", "security.md"), SecurityList());

        list.Should().BeEquivalentTo(AuditTrailOptions.DefaultSensitiveNames);
    }

    private static string[] ListIn(string relativePath, Regex pattern)
    {
        var text = File.ReadAllText(Path.Combine(MarkdownSnippets.RepositoryRoot, relativePath));
        var match = pattern.Match(text);
        match.Success.Should().BeTrue($"{relativePath} lists the default sensitive names");
        return [.. match.Groups["list"].Value
            .Replace(" and ", ", ", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    [GeneratedRegex(@"ignoring `_ - \.` and spaces: (?<list>[a-z,\s]+)\)")]
    private static partial Regex ReadmeList();

    [GeneratedRegex(@"The default terms are (?<list>[a-z,\s]+?)\s*\(")]
    private static partial Regex SecurityList();
}
