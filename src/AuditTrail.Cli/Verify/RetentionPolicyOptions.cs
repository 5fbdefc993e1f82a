using System.CommandLine;
using AuditTrail.Cli.Commands;

namespace AuditTrail.Cli.Verify;

/// <summary>
/// The retention policy <c>verify</c> is told, so that it expects the tombstones the policy explains (docs/integrity.md):
/// <c>--retention-period &lt;duration|forever&gt;</c> (the default period) and <c>--retention-rule</c>, repeated in the
/// application's order, each <c>type=…,action=…,tenant=…,period=…</c> (any of the first three; the period required).
/// Without either, every tombstone is reported.
/// </summary>
internal sealed class RetentionPolicyOptions
{
    private readonly Option<string?> _period = new("--retention-period")
    {
        Description = "The retention policy's default period (90d, 52w, or forever), so that the tombstones it explains are expected.",
        HelpName = "duration",
    };

    private readonly Option<string[]> _rules = new("--retention-rule")
    {
        Description = "A retention rule, repeated in the application's order: type=<action type>,action=<code prefix>,tenant=<id>,period=<duration|forever>.",
        HelpName = "rule",
    };

    public RetentionPolicyOptions(Command command)
    {
        command.Options.Add(_period);
        command.Options.Add(_rules);
    }

    /// <summary>The policy the command line gives, or <see langword="null"/> when it gives none.</summary>
    /// <exception cref="CliUsageException">A period or rule is not valid.</exception>
    public AuditRetentionOptions? Read(ParseResult parseResult)
    {
        var period = parseResult.GetValue(_period);
        var rules = parseResult.GetValue(_rules) ?? [];
        if (period is null && rules.Length == 0)
        {
            return null;
        }

        var retention = new AuditRetentionOptions { Period = period is null ? null : Period(_period.Name, period) };
        foreach (var text in rules)
        {
            retention.Rules.Add(Rule(text));
        }

        return retention;
    }

    private AuditRetentionRule Rule(string text)
    {
        var rule = new AuditRetentionRule();
        var hasPeriod = false;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : (part, string.Empty);
            switch (key)
            {
                case "type" when AuditEnumNames.TryParseIgnoreCase(value, out AuditActionType type):
                    rule.ActionType = type;
                    break;
                case "action" when value.Length > 0:
                    rule.ActionCodePrefix = value;
                    break;
                case "tenant" when value.Length > 0:
                    rule.TenantId = value;
                    break;
                case "period":
                    rule.Period = Period($"{_rules.Name} '{text}'", value);
                    hasPeriod = true;
                    break;
                default:
                    throw new CliUsageException($"{_rules.Name} '{text}': '{part}' is not type=<{string.Join("|", Enum.GetNames<AuditActionType>())}>, action=<code prefix>, tenant=<id> or period=<duration|forever>.");
            }
        }

        return hasPeriod && (rule.ActionType is not null || rule.ActionCodePrefix is not null || rule.TenantId is not null)
            ? rule
            : throw new CliUsageException($"{_rules.Name} '{text}' needs a period and at least one of type, action or tenant.");
    }

    private static TimeSpan? Period(string what, string text) => text == "forever"
        ? null
        : CliValues.ParseDuration(text) ?? throw new CliUsageException($"{what}: '{text}' is not a duration such as 90d, 52w or 12h ({CliValues.DurationRule}), nor 'forever'.");
}
