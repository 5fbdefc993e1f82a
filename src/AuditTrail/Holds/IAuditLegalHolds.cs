namespace AuditTrail;

/// <summary>
/// Legal holds: while a hold is active nothing in its scope is removed from the trail. Retention's purge removes a
/// prefix of the chain, so it stops before the first held record (and therefore also keeps every record written after
/// it). Placing and releasing a hold are recorded as audit events (<see cref="AuditActions.HoldPlaced"/>,
/// <see cref="AuditActions.HoldReleased"/>). Registered by <c>AddAuditTrail()</c>; the holds live in the store
/// (<see cref="IAuditLegalHoldStore"/>).
/// </summary>
public interface IAuditLegalHolds
{
    /// <summary>Places a hold and records <see cref="AuditActions.HoldPlaced"/> by <paramref name="placedBy"/>.</summary>
    /// <param name="scope">What the hold keeps; at least one part set, <see cref="AuditLegalHoldScope.From"/> before <see cref="AuditLegalHoldScope.Until"/>.</param>
    /// <param name="reason">Why (1 to 1000 characters, not blank).</param>
    /// <param name="placedBy">Who places it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The active hold.</returns>
    /// <exception cref="ArgumentException">The scope or the reason is not valid; the message names the argument.</exception>
    Task<AuditLegalHold> PlaceAsync(AuditLegalHoldScope scope, string reason, AuditActor placedBy, CancellationToken cancellationToken = default);

    /// <summary>Releases a hold and records <see cref="AuditActions.HoldReleased"/> by <paramref name="releasedBy"/>.</summary>
    /// <param name="id">The hold's id.</param>
    /// <param name="releasedBy">Who releases it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// The released hold; the hold unchanged when it was released before (nothing is recorded then); or
    /// <see langword="null"/> when no hold has the id.
    /// </returns>
    Task<AuditLegalHold?> ReleaseAsync(Guid id, AuditActor releasedBy, CancellationToken cancellationToken = default);

    /// <summary>The holds, oldest placed first.</summary>
    /// <param name="tenantId">Only the holds scoped to this tenant, or every hold when <see langword="null"/>.</param>
    /// <param name="includeReleased">Whether released holds are listed too.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The holds.</returns>
    Task<IReadOnlyList<AuditLegalHold>> ListAsync(string? tenantId, bool includeReleased, CancellationToken cancellationToken = default);

    /// <summary>Whether an active hold covers <paramref name="record"/> (for a removal path that works record by record).</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the record must be kept.</returns>
    Task<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// The latest cutoff, at most <paramref name="cutoff"/>, at which a purge of a prefix (records that occurred before
    /// the cutoff, in write order, stopping at the first that did not) removes no held record: the earliest
    /// <see cref="AuditRecord.OccurredAt"/> of any record an active hold covers, when that is earlier.
    /// </summary>
    /// <param name="cutoff">The cutoff retention computed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The cutoff to purge with.</returns>
    Task<DateTimeOffset> LimitCutoffAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
