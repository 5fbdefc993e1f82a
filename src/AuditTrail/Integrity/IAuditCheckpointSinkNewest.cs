namespace AuditTrail;

/// <summary>
/// A checkpoint sink that other writers may share (the folder sink: the application and <c>audittrail purge</c>): it
/// returns its newest checkpoint without reading them all, so that a writer notices a checkpoint another writer added
/// and chains to it, and it holds off other writers while one reads its newest and writes the next.
/// </summary>
internal interface IAuditCheckpointSinkNewest
{
    /// <summary>The checkpoint written last, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="AuditUnreadableCheckpointException">The newest stored checkpoint cannot be read.</exception>
    Task<AuditCheckpoint?> ReadNewestAsync(CancellationToken cancellationToken);

    /// <summary>Waits until no other writer, in this process or another, holds the sink; the result releases it.</summary>
    Task<IDisposable> LockAsync(CancellationToken cancellationToken);
}
