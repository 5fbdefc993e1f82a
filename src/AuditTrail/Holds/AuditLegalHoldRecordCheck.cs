namespace AuditTrail;

/// <summary>Answers retention's and erasure's "is this record held?" from the active legal holds.</summary>
internal sealed class AuditLegalHoldRecordCheck(IAuditLegalHolds holds) : IAuditRecordHoldCheck
{
    public async ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        await holds.IsHeldAsync(record, cancellationToken).ConfigureAwait(false);
}
