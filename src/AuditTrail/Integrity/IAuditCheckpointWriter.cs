namespace AuditTrail;

/// <summary>Writes signed checkpoints; registered by <c>AddCheckpoints</c>, which also runs it on a schedule.</summary>
public interface IAuditCheckpointWriter
{
    /// <summary>Signs the current head of the chain when it moved since the last checkpoint.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new checkpoint, or <see langword="null"/> when the head had not moved.</returns>
    Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>Signs the store's retention anchor when it moved since the last signed anchor (retention calls this after a purge).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new anchor checkpoint, or <see langword="null"/>.</returns>
    Task<AuditCheckpoint?> AnchorAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Signs the last record a purge before <paramref name="occurredBefore"/> would remove (the prefix after the retention
    /// anchor that occurred before it) as a <see cref="AuditCheckpointKind.PurgeIntent"/>, when it would remove anything.
    /// Retention and the command line's purges call this before their first batch, so that a verification while the
    /// purge is under way, or after it was interrupted, can tell its moving anchor from tampering.
    /// </summary>
    /// <param name="occurredBefore">The purge's exclusive cutoff.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// The new checkpoint, or <see langword="null"/> when nothing is old enough, or an intent signed since the newest anchor
    /// already covers that record. A writer that does not implement it returns <see langword="null"/>: its purges are then
    /// reported as a moved anchor until they sign their anchor.
    /// </returns>
    Task<AuditCheckpoint?> PurgeIntentAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default) =>
        Task.FromResult<AuditCheckpoint?>(null);

    /// <summary>
    /// Signs <paramref name="retention"/>'s policy as a <see cref="AuditCheckpointKind.RetentionPolicy"/> in effect from
    /// now on, when it differs from the newest signed one. Retention calls this before it tombstones anything, so that a
    /// verifier given the checkpoints still expects those tombstones after a period is lengthened (docs/integrity.md).
    /// </summary>
    /// <param name="retention">The retention options whose periods and rules are signed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>
    /// The new checkpoint, or <see langword="null"/> when the newest signed policy is this one. A writer that does not
    /// implement it returns <see langword="null"/>: its tombstones are then explained by the verifier's current policy only.
    /// </returns>
    Task<AuditCheckpoint?> RetentionPolicyAsync(AuditRetentionOptions retention, CancellationToken cancellationToken = default) =>
        Task.FromResult<AuditCheckpoint?>(null);
}
