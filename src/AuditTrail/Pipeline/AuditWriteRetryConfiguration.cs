using Polly;

namespace AuditTrail;

/// <summary>A host's write retry pipeline, registered by <see cref="Microsoft.Extensions.DependencyInjection.AuditWriteRetryBuilderExtensions.ConfigureWriteRetry(IAuditTrailBuilder, Action{ResiliencePipelineBuilder, AuditWriteRetryContext})"/>.</summary>
internal sealed record AuditWriteRetryConfiguration(Action<ResiliencePipelineBuilder, AuditWriteRetryContext> Configure);
