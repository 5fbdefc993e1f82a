using System.Globalization;
using System.Text;

namespace AuditTrail;

/// <summary>
/// Explicit bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) in recorded text. A digest shows
/// each as a visible <c>[U+202E]</c>, as the viewer does: kept as they are, they reorder what is written around them, so
/// that <c>db\u202Egnp.exe</c> would read <c>dbexe.png</c>. Exports keep the stored value.
/// </summary>
internal static class AuditBidiControls
{
    /// <summary>Whether <paramref name="c"/> is one of them.</summary>
    public static bool Is(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>The code that stands for <paramref name="c"/>, without its brackets: <c>U+202E</c>.</summary>
    public static string Code(char c) => string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");

    /// <summary><paramref name="value"/> with each of them written as <c>[U+XXXX]</c>.</summary>
    public static string? MakeVisible(string? value)
    {
        if (value is null || !value.AsSpan().ContainsAnyInRange('\u202A', '\u202E') && !value.AsSpan().ContainsAnyInRange('\u2066', '\u2069'))
        {
            return value;
        }

        var visible = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            _ = Is(c) ? visible.Append('[').Append(Code(c)).Append(']') : visible.Append(c);
        }

        return visible.ToString();
    }
}
