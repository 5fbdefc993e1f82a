using Microsoft.AspNetCore.Http;
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
        // The scope follows HttpContext.User, which authorization or the endpoint may still replace.
        var request = AuditRequestScope.Begin(httpContext, principals);
        try
        {
            using (accessor.BeginScope(request.Captured))
            {
                await next(httpContext).ConfigureAwait(false);

                if (_options.RecordAuthorizationFailures && IsAuthorizationFailure(httpContext))
                {
                    await AuditAuthorizationFailureRecorder.RecordAsync(httpContext, request.Resolve(), httpContext.Response.StatusCode).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            request.Complete();
        }
    }

    private static bool IsAuthorizationFailure(HttpContext httpContext) =>
        httpContext.Response.StatusCode is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden
        && AuditAuthorizationFailureRecorder.IsHostEndpoint(httpContext);
}
