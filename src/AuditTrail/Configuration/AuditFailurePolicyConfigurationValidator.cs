using Microsoft.Extensions.Configuration;

namespace AuditTrail;

/// <summary>
/// Checks <c>AuditTrail:FailurePolicyByActionType</c> and <c>AuditTrail:FailurePolicyByAction</c> in configuration: the
/// binder drops a dictionary entry whose key or value does not convert without an error, so the events it names would
/// keep the default policy.
/// </summary>
internal sealed class AuditFailurePolicyConfigurationValidator(IServiceProvider services)
    : ConfigurationDropValidator<AuditTrailOptions>(services, "the configuration binder drops an entry whose key or value does not convert, so it would not apply.")
{
    private const string Section = ConfigurationDropCheck.AuditTrailSection + ":";
    private static readonly ConfigurationValueType ActionType = ConfigurationValueType.Enum<AuditActionType>();
    private static readonly ConfigurationValueType Policy = ConfigurationValueType.Enum<AuditFailurePolicy>();

    protected override void Check(IConfiguration configuration, ConfigurationDropCheck check)
    {
        foreach (var entry in configuration.GetSection(Section + nameof(AuditTrailOptions.FailurePolicyByActionType)).GetChildren())
        {
            check.Key(entry, ActionType);
            check.Value(entry, Policy);
        }

        foreach (var entry in configuration.GetSection(Section + nameof(AuditTrailOptions.FailurePolicyByAction)).GetChildren())
        {
            check.Value(entry, Policy);
        }
    }
}
