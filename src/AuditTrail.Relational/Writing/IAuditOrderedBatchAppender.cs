namespace AuditTrail.Relational;

/// <summary>
/// An <see cref="IAuditBatchAppender"/> that can append a batch behind another whose write may still be running, for
/// <see cref="IAuditOrderedSink"/>: the database orders the two by the chain lock, and the later one checks, under it,
/// that the earlier one is stored.
/// </summary>
public interface IAuditOrderedBatchAppender : IAuditBatchAppender
{
    /// <summary>
    /// As <see cref="IAuditBatchAppender.AppendAsync"/>, except that in the same transaction, once it holds the chain
    /// lock, it checks that every id of <paramref name="predecessor"/> is stored, and when one is not, writes nothing.
    /// </summary>
    /// <param name="rows">The rows, in the order they take sequence numbers; no id is repeated.</param>
    /// <param name="predecessor">The ids of the batch that must be stored before these rows; no id is repeated.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What <see cref="IAuditBatchAppender.AppendAsync"/> returns, or <see langword="null"/> when a predecessor id was not stored and nothing was written.</returns>
    ValueTask<AuditBatchAppendResult?> AppendAfterAsync(IReadOnlyList<AuditUnlinkedRow> rows, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default);
}
