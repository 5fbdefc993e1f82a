namespace AuditTrail;

/// <summary>
/// A checkpoint sink that can return its newest checkpoint without reading them all, so that a writer notices a
/// checkpoint another writer added (the command line's purge signing its anchor) and chains to it.
/// </summary>
internal interface IAuditCheckpointSinkNewest
{
    /// <summary>The checkpoint written last, or <see langword="null"/> when there is none.</summary>
    /// <exception cref="AuditUnreadableCheckpointException">The newest stored checkpoint cannot be read.</exception>
    Task<AuditCheckpoint?> ReadNewestAsync(CancellationToken cancellationToken);
}
