namespace AuditTrail;

/// <summary>
/// Durable positions and leases of named feed consumers, kept by a store next to the trail (the relational stores
/// keep them in the <c>audit_trail_consumers</c> table), so that a consumer resumes after a crash and, across many
/// application instances sharing the store, runs in one instance at a time.
/// </summary>
/// <remarks>
/// Times come from the caller (its <see cref="TimeProvider"/>): every instance sharing a store should have a clock
/// close to the others', within a small part of the lease duration. Positions only move forward. Implementations
/// must make <see cref="TryAcquireLeaseAsync"/> atomic: of two callers racing for a free or expired lease, one wins.
/// </remarks>
public interface IAuditConsumerCheckpoints
{
    /// <summary>
    /// Takes the consumer's lease when nobody holds it, its holder's lease expired or <paramref name="owner"/> holds it
    /// already (then renews it); creates the consumer at position 0 the first time its name is seen.
    /// </summary>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="owner">Who asks: an id unique to the running instance.</param>
    /// <param name="now">The caller's current time.</param>
    /// <param name="duration">How long the lease lasts from <paramref name="now"/> unless renewed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The checkpoint, held by <paramref name="owner"/>; or <see langword="null"/> when another owner holds an unexpired lease.</returns>
    Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Moves the consumer's position forward to <paramref name="position"/>, the last sequence it handled.</summary>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="owner">The lease holder.</param>
    /// <param name="position">The new position; not below the current one.</param>
    /// <param name="now">The caller's current time; the lease must not have expired by then.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AuditConsumerLeaseLostException"><paramref name="owner"/> does not hold an unexpired lease.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="position"/> is below the stored position.</exception>
    Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Gives up the lease, if <paramref name="owner"/> holds it, so another instance can take over at once.</summary>
    /// <param name="consumer">The consumer's name.</param>
    /// <param name="owner">The lease holder.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken = default);

    /// <summary>Every consumer the store knows, by name (ordinal).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The checkpoints.</returns>
    Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default);
}
