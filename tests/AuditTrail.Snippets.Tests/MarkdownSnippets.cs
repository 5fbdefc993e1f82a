using Markdig;
using Markdig.Syntax;

namespace AuditTrail.Snippets.Tests;

/// <summary>Finds the documentation's Markdown files and the C# blocks in them.</summary>
public static class MarkdownSnippets
{
    private static readonly string[] CSharpInfos = ["csharp", "cs", "c#"];

    private static readonly Lazy<IReadOnlyList<Snippet>> All = new(() => Documents().SelectMany(Extract).ToList());

    /// <summary>The repository root: the folder above this test's output that holds AuditTrail.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every C# block of every documentation file.</summary>
    public static IReadOnlyList<Snippet> Snippets => All.Value;

    /// <summary>
    /// README.md, each project's README under src, tests and samples, and the pages of docs (not docs/benchmark-results,
    /// which holds recorded output), relative to the root.
    /// </summary>
    public static IEnumerable<string> Documents()
    {
        var files = new List<string> { "README.md" };
        foreach (var folder in new[] { "src", "tests", "samples" })
        {
            files.AddRange(Directory.GetDirectories(Path.Combine(RepositoryRoot, folder))
                .Select(project => Path.Combine(project, "README.md"))
                .Where(File.Exists)
                .Select(Relative));
        }

        files.AddRange(Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md").Select(Relative));
        return files.Order(StringComparer.Ordinal);
    }

    /// <summary>The C# blocks of one file, each with the marker comment right before it, if any.</summary>
    public static IEnumerable<Snippet> Extract(string relativePath)
    {
        var document = Markdown.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, relativePath)));
        foreach (var block in document.Descendants<FencedCodeBlock>())
        {
            if (!CSharpInfos.Contains(block.Info?.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var parent = block.Parent!;
            var index = parent.IndexOf(block);
            var marker = index > 0 && parent[index - 1] is HtmlBlock html ? SnippetMarker.Parse(html.Lines.ToString()) : null;
            yield return new Snippet(relativePath, block.Line + 1, marker, block.Lines.ToString());
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuditTrail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No AuditTrail.sln above {AppContext.BaseDirectory}.");
    }
}
