using System.Text;
using System.Text.RegularExpressions;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// The C# file a marked block becomes: its using directives, the wrapper's prelude, its code and the wrapper's types,
/// with <c>#line</c> directives so that every diagnostic names the Markdown file and line.
/// </summary>
public static partial class SnippetSource
{
    /// <summary>The wrapper a marker names; throws with the known names when it names none.</summary>
    public static SnippetWrapper WrapperOf(SnippetMarker marker)
    {
        if (marker.Kind == SnippetKind.Program)
        {
            return marker.Has("web") ? SnippetWrapper.WebProgram : SnippetWrapper.Console;
        }

        var name = marker.Words.Count > 0 ? marker.Words[0] : null;
        return marker.Kind switch
        {
            SnippetKind.Fragment when name is not null && SnippetWrapper.Fragments.TryGetValue(name, out var fragment) => fragment,
            SnippetKind.Class when name is null => SnippetWrapper.Console,
            SnippetKind.Class when SnippetWrapper.Classes.TryGetValue(name, out var types) => types,
            SnippetKind.Fragment => throw new ArgumentException(
                $"'{marker}' names no fragment wrapper; known: {string.Join(", ", SnippetWrapper.Fragments.Keys)}.", nameof(marker)),
            SnippetKind.Class => throw new ArgumentException(
                $"'{marker}' names no class wrapper; known: {string.Join(", ", SnippetWrapper.Classes.Keys)}.", nameof(marker)),
            _ => throw new ArgumentException($"'{marker}' is not compiled.", nameof(marker)),
        };
    }

    /// <summary>The file for <paramref name="snippet"/> inside <paramref name="wrapper"/>.</summary>
    public static string Compose(Snippet snippet, SnippetWrapper wrapper)
    {
        var lines = snippet.Code.Split('\n');
        var usings = lines.TakeWhile(line => string.IsNullOrWhiteSpace(line) || UsingDirective().IsMatch(line)).Count();
        var file = snippet.File;
        var text = new StringBuilder();
        text.Append(CultureInvariant($"#line {snippet.FirstCodeLine} \"{file}\"\n"));
        foreach (var line in lines.Take(usings))
        {
            text.Append(line).Append('\n');
        }

        if (wrapper.Prelude.Length > 0)
        {
            text.Append("#line hidden\n").Append(wrapper.Prelude).Append('\n');
            text.Append(CultureInvariant($"#line {snippet.FirstCodeLine + usings} \"{file}\"\n"));
        }

        foreach (var line in lines.Skip(usings))
        {
            text.Append(line).Append('\n');
        }

        if (wrapper.Types.Length > 0)
        {
            text.Append("#line hidden\n").Append(wrapper.Types).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The implicit usings of the wrapper's kind of project, as the SDK generates them.</summary>
    public static string GlobalUsings(SnippetWrapper wrapper) =>
        string.Concat((wrapper.Web ? SnippetWrapper.WebUsings : SnippetWrapper.ConsoleUsings).Select(name => $"global using global::{name};\n"));

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?\s*;\s*$")]
    private static partial Regex UsingDirective();
}
