namespace AuditTrail;

/// <summary>
/// Where the write pipeline delivers batches of normalized events. Implementations only write: the
/// pipeline decides when (batching, retries, failure policy).
/// </summary>
public interface IAuditSink
{
    /// <summary>
    /// Writes a batch atomically (all records or none) and idempotently by <see cref="AuditRecord.Id"/>:
    /// a record whose id is already stored is skipped, so a retried batch never duplicates rows.
    /// Exceptions propagate to the pipeline; an implementation must not swallow them.
    /// </summary>
    /// <param name="batch">The records, in the order the pipeline accepted them.</param>
    /// <param name="cancellationToken">Cancels the write; the batch is then not committed.</param>
    Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default);
}
