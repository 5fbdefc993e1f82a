namespace AuditTrail;

/// <summary>One thing a detector found in the trail: an episode, with the records that show it.</summary>
public sealed record AuditFinding
{
    /// <summary>
    /// The finding's stable id: the same episode gets the same id in every review and in the continuous alerts, so
    /// alerting can deduplicate by it.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The detector that found it, one of <see cref="AuditDetectors"/>.</summary>
    public required string Detector { get; init; }

    /// <summary>How urgent it is.</summary>
    public required AuditFindingSeverity Severity { get; init; }

    /// <summary>The actor the finding is about (for a brute force, the attempted user name), when there is one.</summary>
    public string? ActorId { get; init; }

    /// <summary>The source address the finding is about (a spraying address, a new network), when there is one.</summary>
    public string? SourceIp { get; init; }

    /// <summary>The tenant of the evidence records, when they have one.</summary>
    public string? TenantId { get; init; }

    /// <summary>When the episode began: the earliest evidence record's time.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>When the episode ended, so far: the latest evidence record's time.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>A short human summary, for example "12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes, then a success".</summary>
    public required string Summary { get; init; }

    /// <summary>The ids of the records that show it, in time order.</summary>
    public required IReadOnlyList<Guid> EvidenceIds { get; init; }
}
