using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Decorates the host's <see cref="IAuthenticationService"/>: a successful <c>SignInAsync</c> is recorded as
/// <see cref="AuditActions.LoginSucceeded"/> and a <c>SignOutAsync</c> of a signed-in user as
/// <see cref="AuditActions.Logout"/>, both with the scheme in metadata. Everything else passes through.
/// </summary>
internal sealed class AuditingAuthenticationService(
    IAuthenticationService inner,
    IAuthenticationSchemeProvider schemes,
    AuditPrincipalReader principals,
    IOptions<AuditTrailAspNetCoreOptions> options) : IAuthenticationService
{
    public const string SchemeMetadataKey = "scheme";

    private readonly AuditTrailAspNetCoreOptions _options = options.Value;

    public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme) =>
        inner.AuthenticateAsync(context, scheme);

    public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        inner.ChallengeAsync(context, scheme, properties);

    public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) =>
        inner.ForbidAsync(context, scheme, properties);

    public async Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties)
    {
        await inner.SignInAsync(context, scheme, principal, properties).ConfigureAwait(false);
        if (!_options.RecordSignInAndSignOut)
        {
            return;
        }

        var schemeName = scheme ?? (await schemes.GetDefaultSignInSchemeAsync().ConfigureAwait(false))?.Name;
        if (IsIgnored(schemeName))
        {
            return;
        }

        // The principal being signed in, not context.User: that is still the caller as they arrived. One without an id
        // claim names nobody; the ambient actor (whoever was signed in before) did not sign in, so it is Anonymous.
        var actor = principals.ReadActor(principal);
        await RecordAsync(
            context,
            AuditActions.LoginSucceeded,
            actor ?? AuditActor.Anonymous,
            principals.ReadTenant(principal),
            schemeName,
            actor is null ? "Signed in a principal with no id claim (AuditTrailAspNetCoreOptions.ActorIdClaimTypes)" : "Signed in").ConfigureAwait(false);
    }

    public async Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties)
    {
        // Read before the sign-out, which may replace context.User.
        var actor = principals.ReadActor(context.User);
        var tenant = principals.ReadTenant(context.User);
        await inner.SignOutAsync(context, scheme, properties).ConfigureAwait(false);

        // Signing out a caller who was not signed in ends no session: recording it would only add noise.
        if (!_options.RecordSignInAndSignOut || actor is null)
        {
            return;
        }

        var schemeName = scheme ?? (await schemes.GetDefaultSignOutSchemeAsync().ConfigureAwait(false))?.Name;
        if (IsIgnored(schemeName))
        {
            return;
        }

        await RecordAsync(context, AuditActions.Logout, actor, tenant, schemeName, "Signed out").ConfigureAwait(false);
    }

    private bool IsIgnored(string? scheme) => scheme is not null && _options.IgnoredAuthenticationSchemes.Contains(scheme);

    private static async Task RecordAsync(
        HttpContext context, string action, AuditActor? actor, string? tenant, string? scheme, string description)
    {
        // Resolved only when there is something to record: authentication runs on every request.
        var logger = context.RequestServices.GetRequiredService<IAuditLogger>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (scheme is not null)
        {
            metadata[SchemeMetadataKey] = scheme;
        }

        // The sign-in or sign-out has happened: record it even if the client disconnects meanwhile.
        await logger.LogAsync(
            new AuditEvent
            {
                Action = action,
                ActionType = AuditActionType.Authentication,
                Actor = actor,
                TenantId = tenant,
                Resource = actor is null || actor.Type == AuditActorType.Anonymous ? null : new AuditResource("user", actor.Id, actor.DisplayName),
                Description = description,
                Metadata = metadata,
            },
            CancellationToken.None).ConfigureAwait(false);
    }
}
