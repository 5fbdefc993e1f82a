using Microsoft.Extensions.Configuration;

namespace AuditTrail;

/// <summary>
/// Checks the retention rules under the documented configuration section (<c>AuditTrail:Retention:Rules</c>) before
/// the binder's result is trusted: the configuration binder drops a list entry whose value does not convert without an
/// error, so a rule with a typo in its action type would vanish and its records would be purged under the default period.
/// </summary>
internal sealed class AuditRetentionRulesConfigurationValidator(IServiceProvider services)
    : ConfigurationDropValidator<AuditTrailOptions>(services, "the configuration binder drops a rule whose value does not convert, so it would not apply.")
{
    internal const string RulesSection = ConfigurationDropCheck.AuditTrailSection + ":Retention:Rules";

    private static readonly ConfigurationValueType ActionType = ConfigurationValueType.Enum<AuditActionType>();
    private static readonly ConfigurationValueType Period = ConfigurationValueType.TimeSpan("90.00:00:00 for 90 days");

    protected override void Check(IConfiguration configuration, ConfigurationDropCheck check)
    {
        foreach (var rule in configuration.GetSection(RulesSection).GetChildren())
        {
            check.Value(rule, nameof(AuditRetentionRule.ActionType), ActionType);
            check.Value(rule, nameof(AuditRetentionRule.Period), Period);
        }
    }
}
