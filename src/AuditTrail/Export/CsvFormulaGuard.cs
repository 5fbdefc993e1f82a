namespace AuditTrail;

/// <summary>
/// Keeps a CSV cell inert in a spreadsheet whatever list separator its import applies. A spreadsheet that splits on
/// another separator than the comma (semicolon in many locales, tab, space, pipe) starts a new cell after every such
/// character inside a value, and a quote there can close the field, so every segment that could start a cell is
/// checked, not only the first character. A segment that would be evaluated gets a leading apostrophe (OWASP's CSV
/// injection guidance): the cell's start when it is any of <c>= + - @</c>, their full-width forms, a tab or a line
/// break; a later segment when it starts with <c>=</c>, <c>@</c>, a full-width form, or a <c>+</c> or <c>-</c> not
/// followed by a plain number (so "from 1.0 to -1.5" reads as written).
/// </summary>
internal static class CsvFormulaGuard
{
    private const char Apostrophe = '\'';

    /// <summary>The bytes that can begin a trigger in UTF-8: the ASCII ones, and the lead byte of the full-width forms.</summary>
    private static readonly System.Buffers.SearchValues<byte> TriggerBytes = System.Buffers.SearchValues.Create([(byte)'=', (byte)'+', (byte)'-', (byte)'@', (byte)'\t', (byte)'\r', (byte)'\n', 0xEF]);

    /// <summary>The text unchanged when nothing in it could be evaluated (the common case, no copy), else neutralised.</summary>
    public static string? Neutralize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        var first = FirstUnsafe(value);
        if (first < 0)
        {
            return value;
        }

        var text = new System.Text.StringBuilder(value.Length + 4);
        var copied = 0;
        for (var i = first; i >= 0 && i < value.Length; i = NextUnsafe(value, i + 1))
        {
            text.Append(value, copied, i - copied).Append(Apostrophe);
            copied = i;
        }

        return text.Append(value, copied, value.Length - copied).ToString();
    }

    /// <summary>Whether UTF-8 text (a JSON cell) holds a segment that must be neutralised; every trigger is ASCII or a three-byte full-width form.</summary>
    public static bool NeedsNeutralizing(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOfAny(TriggerBytes) >= 0 && FirstUnsafe(System.Text.Encoding.UTF8.GetString(utf8)) >= 0;

    private static int FirstUnsafe(string value) =>
        value[0] is '\t' or '\r' or '\n' ? 0 : NextUnsafe(value, 0);

    /// <summary>The index of the next character at or after <paramref name="from"/> that starts a segment a spreadsheet would evaluate, or -1.</summary>
    private static int NextUnsafe(string value, int from)
    {
        for (var i = from; i < value.Length; i++)
        {
            if (IsTrigger(value[i]) && StartsSegment(value, i) && WouldEvaluate(value, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';

    private static bool IsSeparator(char c) => c is ',' or ';' or '\t' or ' ' or '|' or '\r' or '\n';

    /// <summary>The cell's start, or a separator before it with only quotes between (a quote there opens a quoted field).</summary>
    private static bool StartsSegment(string value, int index)
    {
        var i = index - 1;
        while (i >= 0 && value[i] == '"')
        {
            i--;
        }

        return i < 0 || IsSeparator(value[i]);
    }

    private static bool WouldEvaluate(string value, int index)
    {
        // The cell's own start is neutralised whatever follows (as OWASP advises); so are = and @ and every full-width form.
        if (index == 0 || value[index] is not ('+' or '-'))
        {
            return true;
        }

        // A sign starts a formula unless the segment is a plain number (-1.5, +3e2, -20%) or the sign alone ("a - b").
        var end = index + 1;
        while (end < value.Length && !IsSeparator(value[end]) && value[end] != '"')
        {
            end++;
        }

        var segment = value.AsSpan(index + 1, end - index - 1);
        return segment.Length > 0 && !IsPlainNumber(segment);
    }

    private static bool IsPlainNumber(ReadOnlySpan<char> text)
    {
        if (text.EndsWith('%'))
        {
            text = text[..^1];
        }

        return text.Length > 0 && char.IsAsciiDigit(text[0])
            && double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowExponent, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
