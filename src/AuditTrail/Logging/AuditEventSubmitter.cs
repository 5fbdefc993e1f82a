namespace AuditTrail;

/// <summary>
/// Normalizes an event against the ambient context, picks its failure policy and hands it to the write queue, waiting
/// for its commit when asked to or when the event is fail-closed. <see cref="AuditLogger"/> asks in
/// <see cref="AuditDeliveryMode.Durable"/> mode; the trail's own records of what it removed (<c>audit.purged</c>,
/// <c>audit.erased</c>) always ask, so the operation returns only once its record is stored, in either mode.
/// </summary>
internal sealed class AuditEventSubmitter(
    AuditEventNormalizer normalizer,
    AuditWriteQueue queue,
    AuditFailurePolicyResolver policies,
    IAuditContextAccessor contextAccessor)
{
    public async Task<Guid> SubmitAsync(AuditEvent auditEvent, bool waitForCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var record = normalizer.Normalize(auditEvent, contextAccessor.Current);
        var policy = policies.Resolve(record);

        // A fail-closed caller must be able to learn of the failure, so it always waits for the commit.
        await queue.EnqueueAsync(record, policy, waitForCommit || policy == AuditFailurePolicy.FailClosed, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }
}
