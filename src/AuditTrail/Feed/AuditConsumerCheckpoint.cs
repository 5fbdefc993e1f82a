namespace AuditTrail;

/// <summary>What a store keeps for one named consumer.</summary>
/// <param name="Name">The consumer's name.</param>
/// <param name="Position">The last sequence the consumer handled (0 before its first batch).</param>
/// <param name="LeaseOwner">Who holds the lease, or <see langword="null"/> when nobody does.</param>
/// <param name="LeaseExpiresAt">When the lease expires unless renewed, or <see langword="null"/>.</param>
public sealed record AuditConsumerCheckpoint(string Name, long Position, string? LeaseOwner, DateTimeOffset? LeaseExpiresAt);
