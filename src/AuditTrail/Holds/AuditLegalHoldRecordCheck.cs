namespace AuditTrail;

/// <summary>Answers retention's and erasure's "is this record held?" from the active legal holds.</summary>
internal sealed class AuditLegalHoldRecordCheck(IAuditLegalHolds holds) : IAuditRecordHoldCheck
{
    public async ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
        await holds.IsHeldAsync(record, cancellationToken).ConfigureAwait(false);

    /// <summary>One read of the active holds for all <paramref name="records"/> (each question reads them all from the store).</summary>
    public async ValueTask<bool[]> AreHeldAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (holds is not AuditLegalHolds)
        {
            // A host's own IAuditLegalHolds answers IsHeldAsync as it sees fit.
            var held = new bool[records.Count];
            for (var i = 0; i < held.Length; i++)
            {
                held[i] = await holds.IsHeldAsync(records[i], cancellationToken).ConfigureAwait(false);
            }

            return held;
        }

        var active = await holds.ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false);
        return [.. records.Select(record => active.Any(hold => hold.Scope.Covers(record)))];
    }
}
