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
}
