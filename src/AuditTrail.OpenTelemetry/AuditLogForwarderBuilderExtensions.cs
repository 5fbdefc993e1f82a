using AuditTrail;
using AuditTrail.OpenTelemetry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Forwards the trail as OpenTelemetry log records, as a consumer of the feed.</summary>
public static class AuditLogForwarderBuilderExtensions
{
    /// <summary>
    /// Registers an <see cref="AuditLogForwarder"/> as the feed consumer <paramref name="name"/>: every committed record
    /// is logged, in commit order, at least once, under the category <see cref="AuditLogForwarder.Category"/>. Add the
    /// OpenTelemetry SDK's logging (<c>services.AddOpenTelemetry().WithLogging(…)</c>) with the exporters to ship them.
    /// The guarantee ends at the host's logging: what the SDK's exporter drops (its queue full, a collector down past
    /// its retries) is not forwarded again.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options; optional.</param>
    /// <param name="name">The consumer's name in the store.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddOpenTelemetryLogForwarder(
        this IAuditTrailBuilder builder, Action<AuditConsumerOptions>? configureConsumer = null, string name = "opentelemetry") =>
        builder.AddConsumer<AuditLogForwarder>(name, configureConsumer);
}
