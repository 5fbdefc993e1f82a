namespace AuditTrail.Snippets.Tests;

/// <summary>How a C# block of the documentation is compiled.</summary>
public enum SnippetKind
{
    /// <summary>A whole <c>Program.cs</c> of top-level statements, as in a new console (or, with <c>web</c>, ASP.NET Core) project.</summary>
    Program,

    /// <summary>Statements placed in a named <see cref="SnippetWrapper"/> that declares the variables the text assumes.</summary>
    Fragment,

    /// <summary>Type declarations, compiled as a file of a class library (a named wrapper may add the reader's own types).</summary>
    Class,

    /// <summary>Not compiled, with a reason: only for blocks that cannot compile by nature.</summary>
    Skip,
}
