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
            if (AuditIsoTime.TryParse(text, out var time, out var problem))
            {
                return time;
            }

            result.AddError($"Option {name} takes an ISO 8601 time such as 2026-11-20T14:34:00Z or 2026-11-20; {problem}");
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

            result.AddError($"Option {name} takes a duration such as 90d, 12h, 30m or 2w ({DurationRule}); '{text}' is not one.");
            return null;
        },
    };

    /// <summary>
    /// An option that takes a whole number from <paramref name="min"/> to <paramref name="max"/>: a value that is no
    /// number, or one out of range, is a parse error naming the option (no validator reads a value that failed to parse).
    /// </summary>
    public static Option<int> Integer(string name, string description, int min, int max, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens[^1].Value;
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"Option {name} takes a whole number from {min} to {max}; '{text}' is not one."));
            return defaultValue;
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

    /// <summary>
    /// The longest duration accepted, about 1000 years: longer ones overflow a <see cref="TimeSpan"/>, or reach back
    /// before the year 1 when taken from now (a cutoff, a retention period).
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(365_250);

    /// <summary>What a valid duration is, for the messages of the options that take one.</summary>
    public const string DurationRule = "a whole number above 0 and a unit w, d, h, m or s, at most 1000 years";

    /// <summary>A duration such as <c>90d</c>, or <see langword="null"/> when <paramref name="text"/> is none or longer than <see cref="MaxDuration"/>.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount == 0)
        {
            return null;
        }

        var unit = match.Groups[2].Value switch
        {
            "w" => TimeSpan.FromDays(7),
            "d" => TimeSpan.FromDays(1),
            "h" => TimeSpan.FromHours(1),
            "m" => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromSeconds(1),
        };

        // Compared before multiplying, so that no amount overflows.
        return amount <= MaxDuration.Ticks / unit.Ticks ? unit * amount : null;
    }

    [GeneratedRegex("^([0-9]{1,7})([wdhms])$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
