namespace AuditTrail.Relational;

/// <summary>A row for <see cref="IAuditBatchAppender"/>: the record encoded for the dialect, and its canonical form.</summary>
/// <param name="Values">The values of <see cref="AuditColumns.Data"/>, in that order, encoded for the dialect (the id first).</param>
/// <param name="Canonical">
/// <see cref="AuditChain.Canonicalize"/> of the record as stored, at sequence number 1: the appender writes the row's own
/// sequence number over bytes <see cref="AuditChain.CanonicalSequenceOffset"/> to <c>+ 7</c>.
/// </param>
public readonly record struct AuditUnlinkedRow(object?[] Values, byte[] Canonical);
