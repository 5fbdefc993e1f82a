using System.Text.RegularExpressions;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// docs/architecture.md names types and members in backticks: each name shaped like one (<c>Type</c>,
/// <c>Type&lt;T&gt;</c>, <c>Type.Member</c>) is a type declared under src, or a BCL type, and each member is named in
/// that type's source files. Package and namespace names (<c>AuditTrail…</c>) are not types and are left out.
/// </summary>
public sealed partial class ArchitectureNamesTests
{
    [Fact]
    public void BacktickedNames_AreDeclaredTypesOrTheirMembers()
    {
        var sources = DeclaredTypeSources();
        var unknown = new List<string>();
        foreach (var name in BacktickedNames(File.ReadAllText(Path.Combine(MarkdownSnippets.RepositoryRoot, "docs", "architecture.md"))))
        {
            var parts = GenericArguments().Replace(name, "").Split('.');
            if (sources.TryGetValue(parts[0], out var files))
            {
                unknown.AddRange(parts.Skip(1)
                    .Where(member => !files.Any(source => Regex.IsMatch(source, $@"\b{member}\b")))
                    .Select(member => $"{name} ({member} is not in {parts[0]})"));
            }
            else if (Type.GetType("System." + parts[0]) is not { } bclType
                || parts.Skip(1).Any(member => bclType.GetMember(member).Length == 0))
            {
                unknown.Add(name);
            }
        }

        unknown.Should().BeEmpty("every backticked type or Type.Member in docs/architecture.md must exist");
    }

    private static IEnumerable<string> BacktickedNames(string page) =>
        CodeSpan().Matches(CodeFence().Replace(page, ""))
            .Select(match => match.Groups["name"].Value)
            .Where(name => TypeShaped().IsMatch(name) && !name.StartsWith("AuditTrail", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal);

    private static Dictionary<string, List<string>> DeclaredTypeSources()
    {
        var sources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var separator = Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(MarkdownSnippets.RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(file => !file.Contains($"{separator}obj{separator}", StringComparison.Ordinal)
                         && !file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (var type in TypeDeclaration().Matches(source).Select(match => match.Groups["type"].Value).Distinct(StringComparer.Ordinal))
            {
                if (!sources.TryGetValue(type, out var files))
                {
                    sources[type] = files = [];
                }

                files.Add(source);
            }
        }

        return sources;
    }

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeFence();

    [GeneratedRegex(@"`(?<name>[^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^[A-Z][A-Za-z0-9]*(?:<[A-Za-z, ]*>)?(?:\.[A-Z][A-Za-z0-9]*)*$")]
    private static partial Regex TypeShaped();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex GenericArguments();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record)\s+(?:struct\s+|class\s+)?(?<type>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
