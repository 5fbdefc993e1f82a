using Microsoft.Extensions.Configuration;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Checks <c>AuditTrail:AspNetCore:ActorTypesByAuthenticationType</c> in configuration: the binder drops an entry whose
/// value does not convert without an error, so the identities of that authentication type would be recorded as users.
/// </summary>
internal sealed class AuditTrailAspNetCoreConfigurationValidator(IServiceProvider services)
    : ConfigurationDropValidator<AuditTrailAspNetCoreOptions>(services, "the configuration binder drops an entry whose value does not convert, so it would not apply.")
{
    /// <summary>The section <see cref="AuditTrailAspNetCoreOptions"/> are documented to be bound from.</summary>
    internal const string Section = ConfigurationDropCheck.AuditTrailSection + ":AspNetCore";

    private static readonly ConfigurationValueType ActorType = ConfigurationValueType.Enum<AuditActorType>();

    protected override void Check(IConfiguration configuration, ConfigurationDropCheck check)
    {
        foreach (var entry in configuration.GetSection(Section + ":" + nameof(AuditTrailAspNetCoreOptions.ActorTypesByAuthenticationType)).GetChildren())
        {
            check.Value(entry, ActorType);
        }
    }
}
