using AuditTrail;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the audit trail's health check: <c>services.AddHealthChecks().AddAuditTrail()</c>.</summary>
public static class AuditTrailHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "audittrail";

    /// <summary>
    /// Adds a check named <see cref="DefaultName"/> that reports Healthy while events reach the store, Degraded while
    /// fail-open events wait in the spool (or the store fails and the spool takes them), and Unhealthy when the spool
    /// cannot be written, when buffered events are held only in memory, or when the store fails without a spool.
    /// Requires <c>services.AddAuditTrail()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddAuditTrail(this IHealthChecksBuilder builder) => builder.AddAuditTrail(DefaultName, []);

    /// <summary>Adds the audit trail's check (see <see cref="AddAuditTrail(IHealthChecksBuilder)"/>) under a name and tags of your choice.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The name of the check.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>ready</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddAuditTrail(this IHealthChecksBuilder builder, string name, IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(tags);
        return builder.AddCheck<AuditTrailHealthCheck>(name, failureStatus: null, tags);
    }
}
