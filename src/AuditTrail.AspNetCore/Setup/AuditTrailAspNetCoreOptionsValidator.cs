using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Validates <see cref="AuditTrailAspNetCoreOptions"/> once, at start, collecting every error into one message; an
/// <see cref="AuditTrailAspNetCoreOptions.AdminPolicy"/> is looked up in the host's authorization policies, so that a
/// misspelt or unregistered one stops the start instead of failing every request to the audit API.
/// </summary>
/// <param name="services">Where the host's authorization policies come from.</param>
internal sealed class AuditTrailAspNetCoreOptionsValidator(IServiceProvider services) : IValidateOptions<AuditTrailAspNetCoreOptions>
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
        else if (options.AdminPolicy is { } policy && GetPolicyProblem(policy) is { } policyProblem)
        {
            errors.Add(policyProblem);
        }

        if (options.ViewerLayout is { } layout)
        {
            // Without a placeholder the page would be the host's chrome and no viewer; with one twice, the viewer's ids twice.
            foreach (var placeholder in new[] { AuditViewerAssets.HeadPlaceholder, AuditViewerAssets.ViewerPlaceholder })
            {
                var first = layout.IndexOf(placeholder, StringComparison.Ordinal);
                if (first < 0 || layout.IndexOf(placeholder, first + placeholder.Length, StringComparison.Ordinal) >= 0)
                {
                    errors.Add($"{nameof(AuditTrailAspNetCoreOptions.ViewerLayout)} must contain {placeholder} exactly once; it contains it {(first < 0 ? "nowhere" : "more than once")}.");
                }
            }
        }

        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Invalid AuditTrail ASP.NET Core options: " + string.Join(" ", errors));
    }

    private string? GetPolicyProblem(string policy)
    {
        var provider = services.GetService<IAuthorizationPolicyProvider>();
        if (provider is null)
        {
            return $"{nameof(AuditTrailAspNetCoreOptions.AdminPolicy)} is '{policy}' but no authorization services are registered: call services.AddAuthorization() and add the policy.";
        }

        // The default provider answers at once; a provider of the host's own that cannot answer here is asked again per request.
        AuthorizationPolicy? found;
        try
        {
            found = provider.GetPolicyAsync(policy).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        return found is null
            ? $"{nameof(AuditTrailAspNetCoreOptions.AdminPolicy)} is '{policy}', which names no authorization policy; add it with services.AddAuthorization(o => o.AddPolicy(\"{policy}\", ...)), or correct the name."
            : null;
    }

    private static void RequireNoBlank(List<string> errors, string optionName, IEnumerable<string> values)
    {
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{optionName} must not contain null or blank entries.");
        }
    }
}
