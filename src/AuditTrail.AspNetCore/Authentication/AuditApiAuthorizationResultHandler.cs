using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Makes the audit API answer a failed authorization (from <c>RequireAuthorization()</c> on the route group, or a
/// fallback policy) with 401 or 403 and problem details, whatever the host's default challenge does: a cookie scheme
/// redirects to a login page, which a script or an API client cannot follow. The host's handler runs first, so a
/// bearer scheme's <c>WWW-Authenticate</c> header stays; only a redirect is turned back into the status it stands for.
/// The viewer page is left alone: redirecting a browser to sign in is what it should do.
/// With <see cref="AuditTrailAspNetCoreOptions.RecordAuthorizationFailures"/>, a signed-in user refused by a host's
/// endpoint whose scheme answered with a redirect (a cookie scheme's access-denied page) is recorded as the 403 it
/// stands for; a 401 or 403 answer is recorded by the middleware.
/// </summary>
internal sealed class AuditApiAuthorizationResultHandler(
    IAuthorizationMiddlewareResultHandler inner,
    IOptions<AuditTrailAspNetCoreOptions> options,
    AuditPrincipalReader principals) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        await inner.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
        if (authorizeResult.Forbidden && options.Value.RecordAuthorizationFailures
            && context.Response.StatusCode is >= 300 and < 400 && AuditAuthorizationFailureRecorder.IsHostEndpoint(context))
        {
            await AuditAuthorizationFailureRecorder.RecordAsync(context, AuditRequestContext.Create(context, principals), StatusCodes.Status403Forbidden).ConfigureAwait(false);
            return;
        }

        if ((!authorizeResult.Challenged && !authorizeResult.Forbidden)
            || context.GetEndpoint()?.Metadata.GetMetadata<AuditApiEndpointMetadata>() is null
            || context.Response.HasStarted)
        {
            return;
        }

        var response = context.Response;
        response.Headers.XContentTypeOptions = "nosniff";
        if (response.StatusCode is >= 300 and < 400)
        {
            response.Headers.Location = default;
            response.StatusCode = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        }

        if (response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
        {
            var forbidden = response.StatusCode == StatusCodes.Status403Forbidden;
            await TypedResults.Problem(
                statusCode: response.StatusCode,
                title: forbidden ? "Forbidden" : "Authentication required",
                detail: forbidden ? "The signed-in user may not read the audit trail." : "Sign in to read the audit trail.").ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
