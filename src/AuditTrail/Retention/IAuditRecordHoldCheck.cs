namespace AuditTrail;

/// <summary>
/// The one place retention and erasure ask whether a record is under legal hold before they tombstone or erase it.
/// The default, <see cref="AuditNoRecordHolds"/>, holds nothing; the legal holds feature registers its own.
/// </summary>
internal interface IAuditRecordHoldCheck
{
    /// <summary>Whether <paramref name="record"/> is held, so that nothing may remove or change it.</summary>
    ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Which of <paramref name="records"/> are held, in their order: retention asks once per batch, just before it
    /// tombstones it. Default: <see cref="IsHeldAsync"/> for each.
    /// </summary>
    async ValueTask<bool[]> AreHeldAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        var held = new bool[records.Count];
        for (var i = 0; i < held.Length; i++)
        {
            held[i] = await IsHeldAsync(records[i], cancellationToken).ConfigureAwait(false);
        }

        return held;
    }
}
