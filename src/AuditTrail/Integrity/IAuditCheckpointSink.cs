namespace AuditTrail;

/// <summary>
/// Where signed checkpoints are kept, outside the audit database: a folder by default
/// (<see cref="FileSystemAuditCheckpointSink"/>); implement it for object storage or a log platform.
/// </summary>
public interface IAuditCheckpointSink
{
    /// <summary>Stores a checkpoint durably.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default);

    /// <summary>Returns every stored checkpoint, in the order they were written.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="AuditUnreadableCheckpointException">A stored checkpoint cannot be read; the verifier reports it as an edited checkpoint.</exception>
    Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken = default);
}
