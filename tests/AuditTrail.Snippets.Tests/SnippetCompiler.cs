using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// Compiles snippets with Roslyn against the assemblies this test runs on: the .NET and ASP.NET Core shared
/// frameworks and every package it references (the AuditTrail packages, the Generic Host, Npgsql, the SQL client).
/// Warnings are errors, as in this repository's own build, except the few that a short example produces by design.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>
    /// Warnings a snippet may have: a variable declared or assigned and not used (CS0168, CS0219), a local function
    /// not used (CS8321), since an example often shows a value without going on to use it; and the two the .NET SDK
    /// itself silences in every project (NoWarn 1701;1702: a package built against an older framework's reference
    /// assembly version, unified with the current one).
    /// </summary>
    public static readonly IReadOnlyList<string> AllowedWarnings = ["CS0168", "CS0219", "CS8321", "CS1701", "CS1702"];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles a marked snippet; the result's diagnostics name the Markdown file and line.</summary>
    public static CSharpCompilation Compile(Snippet snippet)
    {
        var marker = snippet.Marker ?? throw new ArgumentException($"{snippet} has no marker.", nameof(snippet));
        var wrapper = SnippetSource.WrapperOf(marker);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(SnippetSource.GlobalUsings(wrapper), parse, path: "GlobalUsings.g.cs"),
            CSharpSyntaxTree.ParseText(SnippetSource.Compose(snippet, wrapper), parse, path: snippet.File + ".cs"),
        };
        var options = new CSharpCompilationOptions(
                marker.Kind == SnippetKind.Class ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999,
                specificDiagnosticOptions: AllowedWarnings.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress)))
            .WithOptimizationLevel(OptimizationLevel.Debug);
        return CSharpCompilation.Create("Snippet_" + Guid.NewGuid().ToString("N"), trees, References.Value, options);
    }

    /// <summary>The errors of a compilation (warnings count, see <see cref="AllowedWarnings"/>).</summary>
    public static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator)
            ?? throw new InvalidOperationException("The runtime gives no trusted platform assemblies.");
        return [.. paths.Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path))];
    }
}
