namespace AuditTrail;

/// <summary>
/// A sink that can take the next batch while the previous one's write is still running, and still store them in
/// order: the write pipeline then sends a batch before the commit of the one ahead of it has returned
/// (<see cref="AuditTrailOptions.PipelineWrites"/>), so that encoding and sending one batch overlap the database's work
/// on the other. The PostgreSQL store implements it: its batches wait on the chain lock in the server.
/// </summary>
public interface IAuditOrderedSink : IAuditSink
{
    /// <summary>
    /// Writes <paramref name="batch"/> as <see cref="IAuditSink.WriteAsync"/> does, but only behind
    /// <paramref name="predecessor"/>: when the write takes its turn in the store's order (the chain lock), it checks
    /// that every one of those ids is stored, and when one is not (the predecessor's write failed, or has not taken its
    /// turn yet), it writes nothing and returns <see langword="false"/>. The pipeline then writes the batch again the
    /// ordinary way, after the predecessor.
    /// </summary>
    /// <param name="batch">The records, in the order the pipeline accepted them.</param>
    /// <param name="predecessor">The ids of the batch accepted just before this one, whose write may still be running.</param>
    /// <param name="cancellationToken">Cancels the write; the batch is then not committed.</param>
    /// <returns><see langword="true"/> once the batch is committed, <see langword="false"/> when nothing was written because a predecessor id was not stored.</returns>
    Task<bool> WriteAfterAsync(IReadOnlyList<AuditRecord> batch, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default);
}
