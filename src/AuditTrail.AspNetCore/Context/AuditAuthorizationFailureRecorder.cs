using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Records a refused request of the host's endpoints as <see cref="AuditAspNetCoreActions.AuthorizationFailed"/>
/// (<see cref="AuditTrailAspNetCoreOptions.RecordAuthorizationFailures"/>): the 401 or 403 it was answered with, or
/// stands for when the scheme answered with a redirect (a cookie scheme's access-denied page).
/// </summary>
internal static class AuditAuthorizationFailureRecorder
{
    /// <summary>Whether the request is a host endpoint's, not the audit viewer's or its API's (which record their own).</summary>
    public static bool IsHostEndpoint(HttpContext httpContext) =>
        httpContext.GetEndpoint()?.Metadata.GetMetadata<AuditTrailEndpointMetadata>() is null;

    public static async Task RecordAsync(HttpContext httpContext, AuditContext context, int status)
    {
        var path = string.Concat(httpContext.Request.PathBase.Value, httpContext.Request.Path.Value);
        var endpoint = httpContext.GetEndpoint()?.DisplayName;
        var logger = httpContext.RequestServices.GetRequiredService<IAuditLogger>();

        // The query string is left out on purpose: it can carry tokens.
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = httpContext.Request.Method,
            ["status"] = status.ToString(CultureInfo.InvariantCulture),
        };
        if (endpoint is not null)
        {
            metadata["endpoint"] = endpoint;
        }

        if (httpContext.Response.StatusCode != status)
        {
            metadata["answered"] = httpContext.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
        }

        // The response is decided; record it even when the client has already gone.
        await logger.LogAsync(
            new AuditEvent
            {
                Action = AuditAspNetCoreActions.AuthorizationFailed,
                ActionType = AuditActionType.Security,
                Actor = context.Actor,
                Outcome = AuditOutcome.Failure,
                FailureReason = $"{status} {ReasonPhrases.GetReasonPhrase(status)}",
                Resource = new AuditResource("endpoint", path, endpoint),
                Description = $"{httpContext.Request.Method} {path} was refused ({status})",
                Metadata = metadata,
            },
            CancellationToken.None).ConfigureAwait(false);
    }
}
