using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>Validates <see cref="AuditTrailAspNetCoreOptions"/> once, at start, collecting every error into one message.</summary>
internal sealed class AuditTrailAspNetCoreOptionsValidator : IValidateOptions<AuditTrailAspNetCoreOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditTrailAspNetCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ActorIdClaimTypes.Count == 0)
        {
            errors.Add($"{nameof(AuditTrailAspNetCoreOptions.ActorIdClaimTypes)} must list at least one claim type: without it no reader can be identified.");
        }

        RequireNoBlank(errors, nameof(AuditTrailAspNetCoreOptions.ActorIdClaimTypes), options.ActorIdClaimTypes);
        RequireNoBlank(errors, nameof(AuditTrailAspNetCoreOptions.ActorNameClaimTypes), options.ActorNameClaimTypes);
        RequireNoBlank(errors, nameof(AuditTrailAspNetCoreOptions.AdminRoles), options.AdminRoles);
        RequireNoBlank(errors, nameof(AuditTrailAspNetCoreOptions.IgnoredAuthenticationSchemes), options.IgnoredAuthenticationSchemes);
        if (options.TenantClaimType is not null && string.IsNullOrWhiteSpace(options.TenantClaimType))
        {
            errors.Add($"{nameof(AuditTrailAspNetCoreOptions.TenantClaimType)} must be null or a claim type, not blank.");
        }

        if (options.ActorTypeClaimType is not null && string.IsNullOrWhiteSpace(options.ActorTypeClaimType))
        {
            errors.Add($"{nameof(AuditTrailAspNetCoreOptions.ActorTypeClaimType)} must be null or a claim type, not blank.");
        }

        RequireNoBlank(errors, nameof(AuditTrailAspNetCoreOptions.ActorTypesByAuthenticationType), options.ActorTypesByAuthenticationType.Keys);
        foreach (var (scheme, type) in options.ActorTypesByAuthenticationType)
        {
            if (!AuditPrincipalReader.IsCallerType(type))
            {
                errors.Add($"{nameof(AuditTrailAspNetCoreOptions.ActorTypesByAuthenticationType)}[{scheme}] is {type}; allowed values are User, ApiKey and Service.");
            }
        }

        if (options.AdminPolicy is not null && string.IsNullOrWhiteSpace(options.AdminPolicy))
        {
            errors.Add($"{nameof(AuditTrailAspNetCoreOptions.AdminPolicy)} must be null or a policy name, not blank.");
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Invalid AuditTrail ASP.NET Core options: " + string.Join(" ", errors));
    }

    private static void RequireNoBlank(List<string> errors, string optionName, IEnumerable<string> values)
    {
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{optionName} must not contain null or blank entries.");
        }
    }
}
