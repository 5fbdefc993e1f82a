using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AuditTrail.Cli.Commands;

/// <summary>Typed options whose parse errors name the option and show an example of a valid value.</summary>
internal static partial class CliValues
{
    /// <summary>An option that takes an ISO 8601 time (a time without an offset is UTC).</summary>
    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "ISO 8601",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time;
            }

            result.AddError($"Option {name} takes an ISO 8601 time such as 2026-11-20T14:34:00Z; '{text}' is not one.");
            return null;
        },
    };

    /// <summary>An option that takes a duration such as <c>90d</c>, <c>12h</c>, <c>30m</c> or <c>2w</c>.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (ParseDuration(text) is { } duration)
            {
                return duration;
            }

            result.AddError($"Option {name} takes a duration such as 90d, 12h, 30m or 2w (a whole number above 0 and a unit); '{text}' is not one.");
            return null;
        },
    };

    /// <summary>An enum option whose error lists the allowed names (case-insensitive).</summary>
    public static Option<T[]> EnumList<T>(string name, string description)
        where T : struct, Enum => new(name)
    {
        Description = description,
        HelpName = string.Join("|", Enum.GetNames<T>()),
        CustomParser = result =>
        {
            var values = new List<T>();
            foreach (var token in result.Tokens)
            {
                if (AuditEnumNames.TryParseIgnoreCase(token.Value.Trim(), out T value))
                {
                    values.Add(value);
                }
                else
                {
                    result.AddError($"Option {name} takes one of {string.Join(", ", Enum.GetNames<T>())}; '{token.Value}' is none of them.");
                }
            }

            return [.. values];
        },
    };

    /// <summary>A duration such as <c>90d</c>, or <see langword="null"/> when <paramref name="text"/> is none.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            return null;
        }

        return match.Groups[2].Value switch
        {
            "w" => TimeSpan.FromDays(7.0 * amount),
            "d" => TimeSpan.FromDays(amount),
            "h" => TimeSpan.FromHours(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
    }

    [GeneratedRegex("^([0-9]{1,7})([wdhms])$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
