using AuditTrail.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the audit context middleware to an ASP.NET Core pipeline.</summary>
public static class AuditTrailApplicationBuilderExtensions
{
    /// <summary>
    /// Fills the ambient audit context of every request: source IP (from the connection, as
    /// <c>UseForwardedHeaders</c> left it), user agent, the authenticated user as actor, tenant and correlation id.
    /// Place it after <c>UseForwardedHeaders()</c> and <c>UseAuthentication()</c>, before the endpoints.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddAuditTrail().AddAspNetCore()</c> was not called.</exception>
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        AuditTrailServicesCheck.EnsureRegistered(app.ApplicationServices, "app.UseAuditTrail()");
        return app.UseMiddleware<AuditContextMiddleware>();
    }
}
