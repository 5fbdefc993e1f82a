namespace AuditTrail.Snippets.Tests;

/// <summary>
/// Every C# block of the documentation compiles as marked, and the runnable ones do what their text says. A block is
/// named by its file and the line of its opening fence.
/// </summary>
public sealed class SnippetTests
{
    /// <summary>Every C# block that is not marked <c>skip</c>, unmarked ones included (they fail, asking for a marker).</summary>
    public static TheoryData<string> CompiledSnippets =>
        [.. MarkdownSnippets.Snippets.Where(s => s.Marker?.Kind != SnippetKind.Skip).Select(s => s.ToString())];

    /// <summary>The blocks marked <c>run</c>.</summary>
    public static TheoryData<string> RunnableSnippets =>
        [.. MarkdownSnippets.Snippets.Where(s => s.Marker?.Kind == SnippetKind.Program && s.Marker.Has("run")).Select(s => s.ToString())];

    [Theory]
    [MemberData(nameof(CompiledSnippets))]
    public void Snippet_CompilesAsMarked(string location)
    {
        var snippet = Find(location);
        snippet.Marker.Should().NotBeNull(
            $"{location} is a C# block; mark it with <!-- snippet: program|fragment <wrapper>|class [wrapper]|skip reason=\"...\" --> (tests/AuditTrail.Snippets.Tests/README.md)");

        var errors = SnippetCompiler.Errors(SnippetCompiler.Compile(snippet));

        errors.Select(e => e.ToString()).Should().BeEmpty($"the block at {location} ({snippet.Marker}) must compile");
    }

    [Theory]
    [MemberData(nameof(RunnableSnippets))]
    public async Task Snippet_RunsAndPrintsWhatItsMarkerExpects(string location)
    {
        var snippet = Find(location);
        snippet.Marker!.Values.Should().ContainKey("expect", $"a runnable block says what it prints ({location})");

        var output = await SnippetRunner.RunAsync(SnippetCompiler.Compile(snippet));

        output.Should().Contain(snippet.Marker.Values["expect"], $"{location} printed:{Environment.NewLine}{output}");
    }

    [Fact]
    public void Markers_NameKnownWrappersAndSkipsGiveReasons()
    {
        var problems = MarkdownSnippets.Snippets
            .Where(s => s.Marker is not null)
            .Select(s => (Snippet: s, Problem: ProblemOf(s.Marker!)))
            .Where(p => p.Problem is not null)
            .Select(p => $"{p.Snippet}: {p.Problem}");

        problems.Should().BeEmpty();
    }

    [Fact]
    public void Documents_AreSearchedWhereTheSnippetsLive()
    {
        var files = MarkdownSnippets.Snippets.Select(s => s.File).Distinct().ToList();

        files.Should().Contain(["README.md", "src/AuditTrail.AspNetCore/README.md", "src/AuditTrail.Sqlite/README.md", "docs/integrity.md"]);
        RunnableSnippets.Should().NotBeEmpty("the README's quick start runs");
    }

    private static string? ProblemOf(SnippetMarker marker)
    {
        if (marker.Kind == SnippetKind.Skip)
        {
            return marker.Values.TryGetValue("reason", out var reason) && reason.Length > 0 ? null : "skip needs reason=\"...\"";
        }

        if (marker.Has("run") && marker.Kind != SnippetKind.Program)
        {
            return "only a program runs";
        }

        try
        {
            SnippetSource.WrapperOf(marker);
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    private static Snippet Find(string location) => MarkdownSnippets.Snippets.Single(s => s.ToString() == location);
}
