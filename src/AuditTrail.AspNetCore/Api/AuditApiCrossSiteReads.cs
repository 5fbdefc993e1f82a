using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Refuses a read of the API that another site made (<see cref="AuditApiRequestOrigin"/>), before anything is read or
/// recorded. Every read records an access entry in the reader's name with the request's filters, so a link on another
/// site that an admin follows (a top-level navigation carries SameSite=Lax cookies) would otherwise write "exported …"
/// records with filters the other site chose. The viewer page itself may be linked from anywhere; its own requests are
/// same-origin, and clients that are not browsers send neither header.
/// </summary>
internal static partial class AuditApiCrossSiteReads
{
    public static RequestDelegate Guard(RequestDelegate handler, ILogger logger) => async context =>
    {
        if (AuditApiRequestOrigin.CrossSiteReason(context.Request) is not { } reason)
        {
            await handler(context).ConfigureAwait(false);
            return;
        }

        LogRefused(logger, context.Request.Path, reason);
        context.Response.Headers.CacheControl = "no-store";
        await TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"Cross-site request refused ({reason}): the audit API answers this application's own pages and clients that are not browsers; open the audit viewer page instead of linking to the API.").ExecuteAsync(context).ConfigureAwait(false);
    };

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Refused a cross-site read of {Path} ({Reason}); nothing was read or recorded.")]
    private static partial void LogRefused(ILogger logger, PathString path, string reason);
}
