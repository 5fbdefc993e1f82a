using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>Builds the <see cref="AuditContext"/> of one HTTP request.</summary>
internal static class AuditRequestContext
{
    public static AuditContext Create(HttpContext httpContext, AuditPrincipalReader principals) => new()
    {
        Actor = principals.ReadActor(httpContext.User),
        // The connection's address, never a header: UseForwardedHeaders decides which proxies may rewrite it.
        SourceIp = FormatIp(httpContext.Connection.RemoteIpAddress),
        UserAgent = BoundUserAgent(httpContext.Request.Headers.UserAgent.ToString()),
        CorrelationId = CorrelationId(httpContext),
        TenantId = principals.ReadTenant(httpContext.User),
    };

    public static string? FormatIp(IPAddress? address) => address is null ? null : AuditIpAddress.Format(address);

    public static string CorrelationId(HttpContext httpContext) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity
            ? activity.TraceId.ToHexString()
            : httpContext.TraceIdentifier;

    /// <summary>Cuts a user agent to <see cref="AuditLimits.UserAgent"/> here, so a huge header is not carried through the request.</summary>
    public static string? BoundUserAgent(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return null;
        }

        if (userAgent.Length <= AuditLimits.UserAgent)
        {
            return userAgent;
        }

        var keep = AuditLimits.UserAgent - AuditLimits.TruncationMarker.Length;
        if (char.IsHighSurrogate(userAgent[keep - 1]))
        {
            keep--;
        }

        return string.Concat(userAgent.AsSpan(0, keep), AuditLimits.TruncationMarker);
    }
}
