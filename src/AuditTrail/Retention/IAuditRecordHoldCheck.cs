namespace AuditTrail;

/// <summary>
/// The one place retention and erasure ask whether a record is under legal hold before they tombstone or erase it.
/// The default, <see cref="AuditNoRecordHolds"/>, holds nothing; the legal holds feature registers its own.
/// </summary>
internal interface IAuditRecordHoldCheck
{
    /// <summary>Whether <paramref name="record"/> is held, so that nothing may remove or change it.</summary>
    ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default);
}
