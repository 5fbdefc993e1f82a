namespace AuditTrail;

/// <summary>One row to tombstone.</summary>
/// <param name="Sequence">Its sequence number.</param>
/// <param name="EventId">Its event id, checked against the row at <paramref name="Sequence"/>.</param>
/// <param name="Reason">Why: the retention rule that expired it, such as <c>retention:Rules[1]</c> or <c>retention:Period</c>.</param>
public sealed record AuditTombstoneRequest(long Sequence, Guid EventId, string Reason);
