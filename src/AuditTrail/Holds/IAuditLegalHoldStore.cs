namespace AuditTrail;

/// <summary>
/// Legal holds, kept by a store next to the trail (the relational stores keep them in the <c>audit_trail_holds</c>
/// table). <see cref="IAuditLegalHolds"/> places, releases and consults them; a store implements this interface
/// (as it does <see cref="IAuditConsumerCheckpoints"/>), or the host registers one.
/// </summary>
/// <remarks>Times come from the caller; a store keeps them to the microsecond. A hold is never deleted, only released.</remarks>
public interface IAuditLegalHoldStore
{
    /// <summary>Stores a new, active hold.</summary>
    /// <param name="hold">The hold; its <see cref="AuditLegalHold.Id"/> is not in the store yet.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task AddHoldAsync(AuditLegalHold hold, CancellationToken cancellationToken = default);

    /// <summary>Releases the hold <paramref name="id"/> if it is active.</summary>
    /// <param name="id">The hold's id.</param>
    /// <param name="releasedBy">The id of the actor who releases it.</param>
    /// <param name="releasedAt">When it is released.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when an active hold was released; <see langword="false"/> when no hold has the id or it was released before.</returns>
    Task<bool> ReleaseHoldAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken = default);

    /// <summary>Every hold the store knows, active or released, oldest placed first (then by id).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The holds.</returns>
    Task<IReadOnlyList<AuditLegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The earliest <see cref="AuditRecord.OccurredAt"/> of the records in <paramref name="scope"/>, or
    /// <see langword="null"/> when the trail holds none: the point before which a purge removes nothing the scope keeps.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The earliest time, or <see langword="null"/>.</returns>
    Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditLegalHoldScope scope, CancellationToken cancellationToken = default);
}
