using Microsoft.Extensions.Configuration;

namespace AuditTrail;

/// <summary>
/// Checks the OCSF mappings under <c>AuditTrail:Ocsf:Actions</c> in configuration: the binder drops a mapping whose class
/// or activity id does not convert, or is missing, without an error, so the action would be written under the default class.
/// </summary>
internal sealed class AuditOcsfActionsConfigurationValidator(IServiceProvider services)
    : ConfigurationDropValidator<AuditTrailOptions>(services, "the configuration binder drops a mapping whose value does not convert or is missing, so it would not apply.")
{
    private const string Section = ConfigurationDropCheck.AuditTrailSection + ":Ocsf:Actions";
    private static readonly ConfigurationValueType Class = ConfigurationValueType.Enum<AuditOcsfClass>();

    protected override void Check(IConfiguration configuration, ConfigurationDropCheck check)
    {
        foreach (var mapping in configuration.GetSection(Section).GetChildren())
        {
            check.Required(mapping, nameof(AuditOcsfActivity.Class), Class);
            check.Required(mapping, nameof(AuditOcsfActivity.ActivityId), ConfigurationValueType.Int32);
        }
    }
}
