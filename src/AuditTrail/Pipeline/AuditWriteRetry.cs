using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AuditTrail;

/// <summary>
/// The resilience pipeline that store writes run through: the host's (<see cref="AuditWriteRetryConfiguration"/>),
/// or by default a Polly retry of failures that are not persistent, <see cref="AuditTrailOptions.MaxWriteAttempts"/>
/// attempts in all, with exponential backoff and jitter from <see cref="AuditTrailOptions.WriteRetryDelay"/> up to
/// <see cref="MaxDelay"/>. Its delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class AuditWriteRetry
{
    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    public AuditWriteRetry(
        IOptions<AuditTrailOptions> options,
        TimeProvider timeProvider,
        AuditWriteErrorClassification classification,
        AuditWriteRetryConfiguration? configuration = null)
    {
        var value = options.Value;
        var builder = new ResiliencePipelineBuilder { Name = "AuditTrail.Write", TimeProvider = timeProvider };
        if (configuration is not null)
        {
            configuration.Configure(builder, new AuditWriteRetryContext(value, classification));
        }
        else if (value.MaxWriteAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                // Not once shutdown has run out of time (the token), nor when retrying cannot fix it.
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested
                    && args.Outcome.Exception is { } exception
                    && classification.Classify(exception) != AuditWriteErrorKind.Persistent),
                MaxRetryAttempts = value.MaxWriteAttempts - 1,
                Delay = value.WriteRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = MaxDelay,
            });
        }

        Pipeline = builder.Build();
        RetainedRetryDelay = Backoff(value.WriteRetryDelay, value.MaxWriteAttempts);
    }

    public ResiliencePipeline Pipeline { get; }

    /// <summary>How long the writer waits before it tries retained events again: the backoff of the last attempt.</summary>
    public TimeSpan RetainedRetryDelay { get; }

    private static TimeSpan Backoff(TimeSpan first, int attempts)
    {
        var delay = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 16));
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
