namespace AuditTrail.Snippets.Tests;

/// <summary>A fenced C# block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Marker">The marker comment before the fence, if any.</param>
/// <param name="Code">The block's text.</param>
public sealed record Snippet(string File, int Line, SnippetMarker? Marker, string Code)
{
    /// <summary>The 1-based line of the block's first line of code.</summary>
    public int FirstCodeLine => Line + 1;

    public override string ToString() => $"{File}:{Line}";
}
