using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>Who reads through the HTTP API, derived from <see cref="HttpContext.User"/> and nothing else.</summary>
internal sealed class AuditViewerResolver(AuditPrincipalReader principals, IOptions<AuditTrailAspNetCoreOptions> options)
{
    private readonly AuditTrailAspNetCoreOptions _options = options.Value;

    public async Task<AuditViewerResolution> ResolveAsync(HttpContext httpContext)
    {
        var user = httpContext.User;
        if (!AuditPrincipalReader.IsAuthenticated(user))
        {
            return AuditViewerResolution.Fail(TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required",
                detail: "Sign in to read the audit trail."));
        }

        var actor = principals.ReadActor(user);
        if (actor is null)
        {
            return AuditViewerResolution.Fail(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Unidentified reader",
                detail: "The signed-in user has none of the claims configured in ActorIdClaimTypes, so their own records cannot be told apart."));
        }

        string? tenant = null;
        if (_options.TenantClaimType is not null)
        {
            var tenants = principals.ReadTenants(user);
            if (tenants.Count == 0)
            {
                return AuditViewerResolution.Fail(TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "No tenant",
                    detail: "The signed-in user has no tenant claim, which this application requires to read the audit trail."));
            }

            if (tenants.Count > 1)
            {
                return AuditViewerResolution.Fail(TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    title: "Several tenants",
                    detail: $"The signed-in user has {tenants.Count} different tenant claims ('{_options.TenantClaimType}'), so which tenant's audit trail they read is unknown."));
            }

            tenant = tenants[0];
        }

        if (AuditLimits.StorageProblem(actor.Id, AuditLimits.ActorId) is { } idProblem)
        {
            return AuditViewerResolution.Fail(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Unusable reader id",
                detail: $"The signed-in user's id claim {idProblem}, so no record can be told to be theirs."));
        }

        if (tenant is not null && AuditLimits.StorageProblem(tenant, AuditLimits.TenantId) is { } tenantProblem)
        {
            return AuditViewerResolution.Fail(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Unusable tenant",
                detail: $"The signed-in user's tenant claim ('{_options.TenantClaimType}') {tenantProblem}, so no record can be told to be in their tenant."));
        }

        var isAdmin = principals.IsInAdminRole(user) || await SatisfiesAdminPolicyAsync(httpContext).ConfigureAwait(false);
        return new AuditViewerResolution(new AuditViewer(actor.Id, isAdmin, tenant), actor, Failure: null);
    }

    private async Task<bool> SatisfiesAdminPolicyAsync(HttpContext httpContext)
    {
        if (_options.AdminPolicy is not { } policy)
        {
            return false;
        }

        var authorization = httpContext.RequestServices.GetService<IAuthorizationService>()
            ?? throw new InvalidOperationException(
                $"{nameof(AuditTrailAspNetCoreOptions.AdminPolicy)} is set to '{policy}' but no authorization services are registered: call services.AddAuthorization().");
        // Only authenticated identities count, as for AdminRoles: a role or claim on an identity that no scheme vouched
        // for (one a claims transformation or a middleware added from request data) must not satisfy the policy.
        var authenticated = new ClaimsPrincipal(httpContext.User.Identities.Where(identity => identity.IsAuthenticated));
        var result = await authorization.AuthorizeAsync(authenticated, policy).ConfigureAwait(false);
        return result.Succeeded;
    }
}

/// <summary>The viewer and their actor, or the answer to give instead.</summary>
internal sealed record AuditViewerResolution(AuditViewer? Viewer, AuditActor? Actor, IResult? Failure)
{
    public static AuditViewerResolution Fail(IResult failure) => new(null, null, failure);
}
