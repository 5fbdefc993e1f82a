using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AuditTrail.Samples.WebApp.Rendering;

/// <summary>
/// HTML that is safe to send: built only by <see cref="Html(ref MarkupBuilder)"/>, whose literal parts are written
/// as they are and whose interpolated values are HTML-encoded unless they are <see cref="Markup"/> themselves.
/// Every page of the app is built this way, so no value from a user can become markup by accident.
/// </summary>
internal readonly struct Markup
{
    private readonly string? _html;

    private Markup(string html) => _html = html;

    public static Markup Empty => default;

    public override string ToString() => _html ?? string.Empty;

    /// <summary>Builds markup from an interpolated string; values in the holes are encoded.</summary>
    public static Markup Html(ref MarkupBuilder builder) => new(builder.ToStringAndClear());

    /// <summary>Concatenates markup fragments.</summary>
    public static Markup Join(IEnumerable<Markup> fragments) => new(string.Concat(fragments.Select(fragment => fragment.ToString())));

    /// <summary>Markup when <paramref name="condition"/> holds, else nothing.</summary>
    public static Markup If(bool condition, Markup markup) => condition ? markup : Empty;

    internal static Markup FromTrusted(string html) => new(html);
}

/// <summary>The interpolated string handler behind <see cref="Markup.Html(ref MarkupBuilder)"/>.</summary>
[InterpolatedStringHandler]
internal ref struct MarkupBuilder
{
    /// <summary>Encodes every character outside printable ASCII and every character with meaning in HTML: <c>&lt; &gt; &amp; " '</c> and more.</summary>
    internal static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private StringBuilder? _builder;

    public MarkupBuilder(int literalLength, int formattedCount) =>
        _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string value) => _builder!.Append(value);

    public readonly void AppendFormatted(Markup value) => _builder!.Append(value.ToString());

    public readonly void AppendFormatted(string? value) => _builder!.Append(Encoder.Encode(value ?? string.Empty));

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, format: null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value switch
        {
            null => string.Empty,
            Markup markup => markup.ToString(),
            IFormattable formattable => Encoder.Encode(formattable.ToString(format, CultureInfo.InvariantCulture)),
            _ => Encoder.Encode(value.ToString() ?? string.Empty),
        };
        _builder!.Append(text);
    }

    public string ToStringAndClear()
    {
        var text = _builder!.ToString();
        _builder = null;
        return text;
    }
}
