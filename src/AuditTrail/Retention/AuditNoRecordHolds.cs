namespace AuditTrail;

/// <summary>No legal holds: every record may go when its period has run out.</summary>
internal sealed class AuditNoRecordHolds : IAuditRecordHoldCheck
{
    public ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
