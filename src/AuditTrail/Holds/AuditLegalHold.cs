namespace AuditTrail;

/// <summary>
/// A legal hold: while it is active (not released), nothing in its <see cref="Scope"/> is purged. Placed and released
/// through <see cref="IAuditLegalHolds"/>, kept by the store (<see cref="IAuditLegalHoldStore"/>).
/// </summary>
public sealed record AuditLegalHold
{
    /// <summary>The hold's id (a version 7 GUID).</summary>
    public required Guid Id { get; init; }

    /// <summary>What the hold keeps.</summary>
    public required AuditLegalHoldScope Scope { get; init; }

    /// <summary>Why the hold was placed (a case number, a request), as its placer wrote it.</summary>
    public required string Reason { get; init; }

    /// <summary>The id of the actor who placed the hold.</summary>
    public required string PlacedBy { get; init; }

    /// <summary>When the hold was placed.</summary>
    public required DateTimeOffset PlacedAt { get; init; }

    /// <summary>The id of the actor who released the hold, or <see langword="null"/> while it is active.</summary>
    public string? ReleasedBy { get; init; }

    /// <summary>When the hold was released, or <see langword="null"/> while it is active.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }

    /// <summary>Whether the hold still keeps its scope (it has not been released).</summary>
    public bool IsActive => ReleasedAt is null;
}
