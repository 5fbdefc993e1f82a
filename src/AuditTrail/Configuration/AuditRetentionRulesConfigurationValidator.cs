using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Checks the retention rules under the documented configuration section (<c>AuditTrail:Retention:Rules</c>) before
/// the binder's result is trusted: the configuration binder drops a list entry whose value does not convert without an
/// error, so a rule with a typo in its action type would vanish and its records would be purged under the default period.
/// </summary>
internal sealed class AuditRetentionRulesConfigurationValidator(IServiceProvider services) : IValidateOptions<AuditTrailOptions>
{
    internal const string RulesSection = "AuditTrail:Retention:Rules";

    private const string Dropped = "the configuration binder drops a rule whose value does not convert, so it would not apply.";

    public ValidateOptionsResult Validate(string? name, AuditTrailOptions options)
    {
        if (services.GetService<IConfiguration>() is not { } configuration)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        foreach (var rule in configuration.GetSection(RulesSection).GetChildren())
        {
            if (rule[nameof(AuditRetentionRule.ActionType)] is { Length: > 0 } type && !Enum.TryParse<AuditActionType>(type, ignoreCase: true, out _))
            {
                errors.Add($"{rule.Path}:{nameof(AuditRetentionRule.ActionType)} is '{type}', which is not an AuditActionType ({string.Join(", ", Enum.GetNames<AuditActionType>())}); {Dropped}");
            }

            if (rule[nameof(AuditRetentionRule.Period)] is { Length: > 0 } period && !TimeSpan.TryParse(period, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{rule.Path}:{nameof(AuditRetentionRule.Period)} is '{period}', which is not a TimeSpan (such as 90.00:00:00 for 90 days); {Dropped}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
