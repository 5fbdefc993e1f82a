using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditTrail.Cli.Commands;

/// <summary>
/// ISO 8601 dates and times, and nothing else: a culture's date order (<c>01/02/2025</c>) or a bare time of day
/// (<c>12:00</c>) would silently name another instant than the one meant. The forms are the HTTP API's: a date, or a
/// date and time to the minute, second or fraction, with <c>Z</c>, an offset, or nothing for UTC.
/// </summary>
internal static partial class IsoInstant
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>The instant <paramref name="text"/> names, or null with the reason in <paramref name="problem"/>.</summary>
    public static DateTimeOffset? Parse(string text, out string? problem)
    {
        if (DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            problem = null;
            return instant;
        }

        problem = IsoShape().IsMatch(text.Trim())
            ? $"'{text}' has the form of an ISO 8601 time, but names no instant between 0001-01-01 and 9999-12-31 in UTC (a day, hour or offset outside its range)"
            : $"'{text}' is not one";
        return null;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShape();
}
