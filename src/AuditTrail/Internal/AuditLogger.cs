using Microsoft.Extensions.Options;

namespace AuditTrail.Internal;

/// <summary>Normalizes an event against the ambient context and hands it to the write queue.</summary>
internal sealed class AuditLogger(
    AuditEventNormalizer normalizer,
    AuditWriteQueue queue,
    IAuditContextAccessor contextAccessor,
    IOptions<AuditTrailOptions> options) : IAuditLogger
{
    private readonly bool _durable = options.Value.DeliveryMode == AuditDeliveryMode.Durable;

    public async Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var record = normalizer.Normalize(auditEvent, contextAccessor.Current);
        await queue.EnqueueAsync(record, _durable, cancellationToken).ConfigureAwait(false);
        return record.Id;
    }
}
