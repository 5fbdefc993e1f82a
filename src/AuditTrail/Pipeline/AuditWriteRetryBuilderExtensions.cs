using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Replaces the write pipeline's retry of failed batches with a host's own Polly resilience pipeline.</summary>
public static class AuditWriteRetryBuilderExtensions
{
    /// <summary>
    /// Builds the resilience pipeline that every store write of a batch (the spool's backlog, then the batch) runs
    /// through, instead of the default: a retry of up to <see cref="AuditTrailOptions.MaxWriteAttempts"/> attempts with
    /// exponential backoff and jitter from <see cref="AuditTrailOptions.WriteRetryDelay"/> (at most 30 s between
    /// attempts), of failures that are not <see cref="AuditWriteErrorKind.Persistent"/>.
    /// </summary>
    /// <remarks>
    /// The builder comes with the pipeline's <see cref="TimeProvider"/> set. Add any strategies (retry, timeout,
    /// circuit breaker); once the pipeline throws, each event's <see cref="AuditFailurePolicy"/> applies. Every attempt
    /// after the first is reported to the failure listeners as <see cref="AuditFailureOutcome.Retrying"/> and counted by
    /// the <c>audittrail.writes.retried</c> metric. The pipeline's cancellation token fires when the host's shutdown
    /// timeout passes; a strategy should not retry then. A later call replaces an earlier one.
    /// </remarks>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="configure">Adds the strategies; its context classifies store failures as the default retry does.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder ConfigureWriteRetry(this IAuditTrailBuilder builder, Action<ResiliencePipelineBuilder, AuditWriteRetryContext> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Replace(ServiceDescriptor.Singleton(new AuditWriteRetryConfiguration(configure)));
        return builder;
    }

    /// <summary>Builds the write retry pipeline, see <see cref="ConfigureWriteRetry(IAuditTrailBuilder, Action{ResiliencePipelineBuilder, AuditWriteRetryContext})"/>.</summary>
    /// <param name="builder">The audit trail builder.</param>
    /// <param name="configure">Adds the strategies.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder ConfigureWriteRetry(this IAuditTrailBuilder builder, Action<ResiliencePipelineBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureWriteRetry((pipeline, _) => configure(pipeline));
    }
}
