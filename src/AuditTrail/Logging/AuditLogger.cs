using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Normalizes an event against the ambient context, picks its failure policy and hands it to the write queue.</summary>
internal sealed class AuditLogger(
    AuditEventNormalizer normalizer,
    AuditWriteQueue queue,
    AuditFailurePolicyResolver policies,
    IAuditContextAccessor contextAccessor,
    IOptions<AuditTrailOptions> options) : IAuditLogger
{
    private readonly bool _durable = options.Value.DeliveryMode == AuditDeliveryMode.Durable;

    public async Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var record = normalizer.Normalize(auditEvent, contextAccessor.Current);
        var policy = policies.Resolve(record);

        // A fail-closed caller must be able to learn of the failure, so it always waits for the commit.
        var waitForCommit = _durable || policy == AuditFailurePolicy.FailClosed;
        await queue.EnqueueAsync(record, policy, waitForCommit, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }
}
