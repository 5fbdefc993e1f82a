namespace AuditTrail;

/// <summary>One committed record as the feed delivers it: its place in commit order and the record.</summary>
/// <param name="Sequence">
/// The record's chain sequence: gap-free, assigned under the store's chain lock and committed before the lock is
/// released, so sequence order is commit order and the consumer's position is the last sequence it handled.
/// </param>
/// <param name="Record">
/// The stored record. Delivery is at least once (a batch may come again after a crash or a lease takeover), so hand
/// <see cref="AuditRecord.Id"/> to the destination as the idempotency key.
/// </param>
public sealed record AuditFeedEntry(long Sequence, AuditRecord Record);
