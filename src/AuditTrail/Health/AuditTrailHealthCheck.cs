using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditTrail;

/// <summary>
/// Healthy while events reach the store; Degraded while the spool holds events or the store is failing with a spool
/// to fall back on; Unhealthy when the spool cannot be written, when buffered events are held only in memory, or
/// when the store is failing and there is no spool. A feed consumer that fails, or lags by more than its MaxLag, makes a
/// healthy result Degraded, naming the consumer.
/// </summary>
internal sealed class AuditTrailHealthCheck(AuditWriteQueue queue, AuditConsumerStates? consumers = null) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var spooled = queue.Spooled;
        var retained = queue.Retained;
        var storeFailure = queue.StoreFailure;
        var data = new Dictionary<string, object>
        {
            ["queue_depth"] = queue.Pending,
            ["spooled"] = spooled,
            ["retained_in_memory"] = retained,
            ["spool_directory"] = queue.SpoolDirectory ?? "none",
        };
        if (storeFailure is not null)
        {
            data["store_error"] = storeFailure.Message;
        }

        var result = queue.SpoolFailure is { } spoolFailure
            ? HealthCheckResult.Unhealthy($"The audit spool cannot be written: {spoolFailure.Message}", spoolFailure, data)
            : retained > 0
                ? HealthCheckResult.Unhealthy($"{retained} buffered audit event(s) are held only in memory: neither the store nor a spool takes them.", storeFailure, data)
                : storeFailure is not null && queue.SpoolDirectory is null
                    ? HealthCheckResult.Unhealthy($"The audit store is failing and there is no spool: {storeFailure.Message}", storeFailure, data)
                    : spooled > 0
                        ? HealthCheckResult.Degraded($"{spooled} audit event(s) are spooled, waiting for the store.", storeFailure, data)
                        : storeFailure is not null
                            ? HealthCheckResult.Degraded($"The audit store is failing: {storeFailure.Message}", storeFailure, data)
                            : HealthCheckResult.Healthy("Audit events are committed to the store.", data);
        return Task.FromResult(consumers is null ? result : AuditConsumerHealth.Apply(result, consumers, data));
    }
}
