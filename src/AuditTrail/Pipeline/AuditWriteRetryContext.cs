namespace AuditTrail;

/// <summary>
/// What a host's write retry pipeline (<see cref="Microsoft.Extensions.DependencyInjection.AuditWriteRetryBuilderExtensions.ConfigureWriteRetry(IAuditTrailBuilder, Action{Polly.ResiliencePipelineBuilder, AuditWriteRetryContext})"/>)
/// may build on: the pipeline's options and its classification of store failures.
/// </summary>
public sealed class AuditWriteRetryContext
{
    private readonly AuditWriteErrorClassification _classification;

    internal AuditWriteRetryContext(AuditTrailOptions options, AuditWriteErrorClassification classification)
    {
        Options = options;
        _classification = classification;
    }

    /// <summary>The pipeline's options, for example <see cref="AuditTrailOptions.MaxWriteAttempts"/> and <see cref="AuditTrailOptions.WriteRetryDelay"/>.</summary>
    public AuditTrailOptions Options { get; }

    /// <summary>
    /// Classifies a store's write failure: the registered <see cref="IAuditWriteErrorClassifier"/>s first, then the
    /// built-in rules (transient database errors, time-outs and I/O errors are transient; a full disk, a read-only
    /// file system and access denied are persistent).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Its kind.</returns>
    public AuditWriteErrorKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return _classification.Classify(exception);
    }

    /// <summary>Whether retrying may help: every failure but a <see cref="AuditWriteErrorKind.Persistent"/> one (unknown failures are retried, as by default).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> unless the failure is persistent.</returns>
    public bool IsRetryable(Exception exception) => Classify(exception) != AuditWriteErrorKind.Persistent;
}
