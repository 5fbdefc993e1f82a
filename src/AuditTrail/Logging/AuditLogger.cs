using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Hands an event to the write queue (<see cref="AuditEventSubmitter"/>), waiting for its commit in <see cref="AuditDeliveryMode.Durable"/> mode.</summary>
internal sealed class AuditLogger(AuditEventSubmitter submitter, IOptions<AuditTrailOptions> options) : IAuditLogger
{
    private readonly bool _durable = options.Value.DeliveryMode == AuditDeliveryMode.Durable;

    public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        submitter.SubmitAsync(auditEvent, _durable, cancellationToken);
}
