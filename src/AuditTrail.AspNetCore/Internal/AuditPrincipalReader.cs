using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Internal;

/// <summary>
/// Reads the actor, tenant and admin roles from a <see cref="ClaimsPrincipal"/>. Only authenticated identities
/// count, so request data that is not an authenticated credential can never choose the actor. The middleware,
/// the sign-in decorator and the HTTP API all use this one reader, so the id recorded as an actor is the id
/// later compared with the viewer's.
/// </summary>
internal sealed class AuditPrincipalReader(IOptions<AuditTrailAspNetCoreOptions> options)
{
    private readonly AuditTrailAspNetCoreOptions _options = options.Value;

    public static bool IsAuthenticated(ClaimsPrincipal? principal) =>
        principal is not null && principal.Identities.Any(identity => identity.IsAuthenticated);

    public string? ReadActorId(ClaimsPrincipal? principal) => FindFirst(principal, _options.ActorIdClaimTypes);

    public AuditActor? ReadActor(ClaimsPrincipal? principal)
    {
        var id = ReadActorId(principal);
        return id is null ? null : AuditActor.User(id, FindFirst(principal, _options.ActorNameClaimTypes));
    }

    public string? ReadTenant(ClaimsPrincipal? principal) =>
        _options.TenantClaimType is { } claimType ? FindFirst(principal, [claimType]) : null;

    public bool IsInAdminRole(ClaimsPrincipal principal)
    {
        foreach (var identity in principal.Identities)
        {
            if (identity.IsAuthenticated && _options.AdminRoles.Any(role => identity.HasClaim(identity.RoleClaimType, role)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? FindFirst(ClaimsPrincipal? principal, IList<string> claimTypes)
    {
        if (principal is null)
        {
            return null;
        }

        // Claim type order decides, then identity order: a NameIdentifier on any identity beats a "sub".
        foreach (var claimType in claimTypes)
        {
            foreach (var identity in principal.Identities)
            {
                if (!identity.IsAuthenticated)
                {
                    continue;
                }

                var value = identity.FindFirst(claimType)?.Value;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }
        }

        return null;
    }
}
