using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Makes the request's <see cref="AuditContext"/> ambient for the rest of the pipeline, and optionally records
/// the 401 and 403 answers of the host's endpoints.
/// </summary>
internal sealed class AuditContextMiddleware(
    RequestDelegate next,
    IAuditContextAccessor accessor,
    AuditPrincipalReader principals,
    IOptions<AuditTrailAspNetCoreOptions> options)
{
    private readonly AuditTrailAspNetCoreOptions _options = options.Value;

    public async Task InvokeAsync(HttpContext httpContext)
    {
        var context = AuditRequestContext.Create(httpContext, principals);
        using (accessor.BeginScope(context))
        {
            await next(httpContext).ConfigureAwait(false);

            if (_options.RecordAuthorizationFailures && IsAuthorizationFailure(httpContext))
            {
                await RecordAuthorizationFailureAsync(httpContext, context).ConfigureAwait(false);
            }
        }
    }

    private static bool IsAuthorizationFailure(HttpContext httpContext) =>
        httpContext.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
        && httpContext.GetEndpoint()?.Metadata.GetMetadata<AuditTrailEndpointMetadata>() is null;

    private static async Task RecordAuthorizationFailureAsync(HttpContext httpContext, AuditContext context)
    {
        var status = httpContext.Response.StatusCode;
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
