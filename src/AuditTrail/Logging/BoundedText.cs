using System.Text;

namespace AuditTrail;

/// <summary>
/// Makes text safe to store: ill-formed UTF-16 (lone surrogates) and NUL become U+FFFD, deterministically,
/// and text longer than its limit is cut (never inside a surrogate pair) and marked. CR, LF and other
/// characters are kept as given. NUL is replaced because PostgreSQL text cannot hold it.
/// </summary>
internal static class BoundedText
{
    private const char Replacement = '\uFFFD';

    public static string? Normalize(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var text = NeedsRepair(value) ? Repair(value) : value;
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = maxLength - AuditLimits.TruncationMarker.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, Math.Max(keep, 0)), AuditLimits.TruncationMarker);
    }

    private static bool NeedsRepair(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return true;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    return true;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Repair(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                builder.Append(Replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
