namespace AuditTrail.Relational;

/// <summary>
/// A store's way of writing a whole batch in one round trip, with the database linking the chain, given to
/// <see cref="RelationalAuditStore"/> through <see cref="RelationalAuditStoreStrategies.BatchAppender"/>. The store
/// encodes each record and its canonical form; the appender, in one statement under the chain lock, gives the rows the
/// next sequence numbers and computes their links, so that the lock is held only while the database runs that statement
/// and commits, never across a round trip, however many writers share the chain.
/// </summary>
/// <remarks>
/// The link of a row is <c>SHA-256(previous hash ‖ canonical)</c> where <c>canonical</c> is
/// <see cref="AuditUnlinkedRow.Canonical"/> with the row's sequence number written over its bytes
/// <see cref="AuditChain.CanonicalSequenceOffset"/> to <c>+ 7</c> (big-endian): the same bytes
/// <see cref="AuditChain.ComputeHash(ReadOnlySpan{byte}, long, AuditRecord)"/> hashes, so every verifier agrees.
/// </remarks>
public interface IAuditBatchAppender
{
    /// <summary>
    /// Atomically, in a transaction of its own under the dialect's chain lock: reads the chain head as
    /// <see cref="IAuditChainStore.GetHeadAsync"/> reads it, skips the rows whose ids are stored, and writes the others in
    /// order, each with the next sequence number and its link. Writes nothing when the head's hash is not
    /// <see cref="AuditChain.HashLength"/> bytes (a row altered outside AuditTrail).
    /// </summary>
    /// <param name="rows">The rows, in the order they take sequence numbers; no id is repeated.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many rows were written, the head after them (or the head found, when none was), and the ids found stored.</returns>
    ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default);
}
