using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditTrail;

/// <summary>The feed consumers' part of the health check: their lag in the data, and Degraded when one fails or lags past its MaxLag.</summary>
internal static class AuditConsumerHealth
{
    public static HealthCheckResult Apply(HealthCheckResult result, AuditConsumerStates consumers, Dictionary<string, object> data)
    {
        var problems = new List<string>();
        Exception? failure = null;
        foreach (var consumer in consumers.All)
        {
            data[$"consumer.{consumer.Name}.lag"] = consumer.LagRecords;
            data[$"consumer.{consumer.Name}.lag_seconds"] = consumer.LagTime.TotalSeconds;
            if (consumer.Problem() is { } problem)
            {
                problems.Add(problem);
                failure ??= consumer.LastFailure;
            }
        }

        return problems.Count == 0 || result.Status != HealthStatus.Healthy
            ? new HealthCheckResult(result.Status, result.Description, result.Exception, data)
            : HealthCheckResult.Degraded("Audit events are committed to the store, but " + string.Join("; ", problems) + ".", failure, data);
    }
}
