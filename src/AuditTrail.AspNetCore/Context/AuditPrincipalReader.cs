using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

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

    /// <summary>The kinds of caller a claim or an authentication type may name: never System or Anonymous.</summary>
    public static bool IsCallerType(AuditActorType type) =>
        type is AuditActorType.User or AuditActorType.ApiKey or AuditActorType.Service;

    public string? ReadActorId(ClaimsPrincipal? principal) => FindFirst(principal, _options.ActorIdClaimTypes, out _);

    public AuditActor? ReadActor(ClaimsPrincipal? principal)
    {
        var id = FindFirst(principal, _options.ActorIdClaimTypes, out var identity);
        return id is null
            ? null
            : new AuditActor(id, FindFirst(principal, _options.ActorNameClaimTypes, out _), ReadActorType(principal, identity!));
    }

    /// <summary>The claim named by <c>ActorTypeClaimType</c>, else the type mapped to the identity's authentication type, else User.</summary>
    private AuditActorType ReadActorType(ClaimsPrincipal? principal, ClaimsIdentity identity)
    {
        if (_options.ActorTypeClaimType is { } claimType
            && ParseCallerType(FindFirst(principal, [claimType], out _)) is { } claimed)
        {
            return claimed;
        }

        return identity.AuthenticationType is { } authenticationType
            && _options.ActorTypesByAuthenticationType.TryGetValue(authenticationType, out var mapped)
                ? mapped
                : AuditActorType.User;
    }

    /// <summary>A caller type by name (case-insensitive); numbers, System, Anonymous and unknown names are not one.</summary>
    private static AuditActorType? ParseCallerType(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "USER" => AuditActorType.User,
        "APIKEY" => AuditActorType.ApiKey,
        "SERVICE" => AuditActorType.Service,
        _ => null,
    };

    /// <summary>
    /// The tenant claim's value on the authenticated identities; <see langword="null"/> without one, and also when they
    /// carry several different values: which tenant the request acts in is then unknown, and taking the first would put
    /// the records of one tenant in another's trail (the API refuses such a reader, see <see cref="ReadTenants"/>).
    /// </summary>
    public string? ReadTenant(ClaimsPrincipal? principal) => ReadTenants(principal) is [var only] ? only : null;

    /// <summary>The distinct non-blank values of the tenant claim on the authenticated identities, in order.</summary>
    public IReadOnlyList<string> ReadTenants(ClaimsPrincipal? principal)
    {
        if (_options.TenantClaimType is not { } claimType || principal is null)
        {
            return [];
        }

        return [.. principal.Identities
            .Where(identity => identity.IsAuthenticated)
            .SelectMany(identity => identity.FindAll(claimType))
            .Select(claim => claim.Value)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Distinct(StringComparer.Ordinal)];
    }

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

    private static string? FindFirst(ClaimsPrincipal? principal, IList<string> claimTypes, out ClaimsIdentity? foundOn)
    {
        foundOn = null;
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
                    foundOn = identity;
                    return value;
                }
            }
        }

        return null;
    }
}
