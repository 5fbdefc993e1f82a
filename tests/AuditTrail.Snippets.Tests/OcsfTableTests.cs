using System.Text.RegularExpressions;

namespace AuditTrail.Snippets.Tests;

/// <summary>The table of built-in actions in docs/ocsf.md is the mapping the library writes, row for row.</summary>
public sealed partial class OcsfTableTests
{
    [Fact]
    public void BuiltInActionsTable_ListsEveryActionAsItIsMapped()
    {
        var page = File.ReadAllText(Path.Combine(MarkdownSnippets.RepositoryRoot, "docs", "ocsf.md"));
        var rows = RowPattern().Matches(page).ToDictionary(
            row => row.Groups["action"].Value,
            row => (Class: int.Parse(row.Groups["class"].Value, System.Globalization.CultureInfo.InvariantCulture), Activity: int.Parse(row.Groups["activity"].Value, System.Globalization.CultureInfo.InvariantCulture), Name: row.Groups["name"].Value));

        rows.Keys.Should().BeEquivalentTo(AuditOcsf.BuiltInActions.Keys);
        foreach (var (action, activity) in AuditOcsf.BuiltInActions)
        {
            var name = activity.ActivityName ?? AuditOcsf.ActivityNames[activity.Class][activity.ActivityId];
            rows[action].Should().Be(((int)activity.Class, activity.ActivityId, name), action);
        }
    }

    [GeneratedRegex(@"^\| `(?<action>[a-z_.]+)` \| [^|]+ \((?<class>\d+)\) \| (?<activity>\d+) (?<name>[^|]+?) \|$", RegexOptions.Multiline)]
    private static partial Regex RowPattern();
}
