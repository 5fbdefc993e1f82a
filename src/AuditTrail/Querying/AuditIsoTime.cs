using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditTrail;

/// <summary>
/// The times the HTTP API and the command-line tool take: an ISO 8601 date, or date and time to the minute, second or
/// fraction, with <c>Z</c>, an offset, or nothing for UTC; nothing else (<c>01/02/2025</c> or <c>12:00</c> would name
/// another instant than the one meant). A value written in that form whose parts are out of range (month 13, 30
/// February, hour 24, an offset past 14 hours, an instant before year 1 or after year 9999 in UTC) is told apart from
/// one that is not ISO 8601 at all.
/// </summary>
public static partial class AuditIsoTime
{
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    /// <summary>Parses <paramref name="value"/>.</summary>
    /// <param name="value">The text.</param>
    /// <param name="result">The instant, in UTC.</param>
    /// <param name="problem">Why it is not one, naming the value and, for an ISO 8601 shape, the part out of range.</param>
    /// <returns>Whether it is one.</returns>
    public static bool TryParse(string value, out DateTimeOffset result, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (DateTimeOffset.TryParseExact(
                text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            result = instant.ToUniversalTime();
            problem = null;
            return true;
        }

        result = default;
        problem = IsoShape().Match(text) is { Success: true } shape
            ? $"'{value}' is an ISO 8601 date, but {OutOfRangePart(shape)}."
            : $"'{value}' is not an ISO 8601 date or date and time, for example 2025-11-27T17:30:00Z.";
        return false;
    }

    private static string OutOfRangePart(Match shape)
    {
        int Part(string name) => int.Parse(shape.Groups[name].Value, CultureInfo.InvariantCulture);
        bool Has(string name) => shape.Groups[name].Success;

        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        if (year < 1)
        {
            return "year 0000 does not exist (years run from 0001 to 9999)";
        }

        if (month is < 1 or > 12)
        {
            return $"month {month:00} does not exist";
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return $"day {day:00} does not exist in {CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year:0000}";
        }

        if (Has("hour") && (Part("hour") > 23 || Part("minute") > 59 || (Has("second") && Part("second") > 59)))
        {
            return "its time of day is out of range (00:00:00 to 23:59:59)";
        }

        if (Has("offsetHours") && (Part("offsetHours") > 14 || Part("offsetMinutes") > 59 || (Part("offsetHours") == 14 && Part("offsetMinutes") > 0)))
        {
            return "its offset is out of range (-14:00 to +14:00)";
        }

        return "in UTC it falls outside 0001-01-01 to 9999-12-31";
    }

    /// <summary>
    /// The shapes <see cref="IsoFormats"/> accept, with every number free to be out of range. Digits are ASCII only
    /// (<c>\d</c> would match any Unicode digit, which neither ISO 8601 nor the parser takes).
    /// </summary>
    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})(T(?<hour>[0-9]{2}):(?<minute>[0-9]{2})(:(?<second>[0-9]{2})(\.[0-9]{1,7})?)?(Z|[+-](?<offsetHours>[0-9]{2}):(?<offsetMinutes>[0-9]{2}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoShape();
}
