using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>
/// An audit event as stored and read back: normalized (bounded lengths, well-formed text, redacted
/// sensitive values), with its id, actor and times assigned.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>The event id (a version 7 <see cref="Guid"/> unless the host supplied one).</summary>
    public required Guid Id { get; init; }

    /// <summary>When the action happened, in UTC, microsecond precision.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the pipeline accepted the event, in UTC, microsecond precision.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>Who performed the action.</summary>
    public required AuditActor Actor { get; init; }

    /// <summary>The stable, dotted action code.</summary>
    public required string Action { get; init; }

    /// <summary>The coarse category of the action.</summary>
    public required AuditActionType ActionType { get; init; }

    /// <summary>Whether the action succeeded.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Why the action failed.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The resource the action touched.</summary>
    public AuditResource? Resource { get; init; }

    /// <summary>The human-readable description.</summary>
    public string? Description { get; init; }

    /// <summary>The fields an update changed (never <see langword="null"/>).</summary>
    public IReadOnlyList<AuditFieldChange> Changes { get; init; } = [];

    /// <summary>The caller's IP address, or its pseudonym under <see cref="AuditTrailOptions.SourceIpPseudonymization"/>.</summary>
    public string? SourceIp { get; init; }

    /// <summary>
    /// The source IP's text as the hash chain covers it, on a row whose <see cref="SourceIp"/> a schema migration
    /// rewrote into its canonical form (<see cref="AuditIpAddress"/>): the text stored before. <see langword="null"/>
    /// on every record the pipeline writes. Not exported; the verifier checks that <see cref="SourceIp"/> is its
    /// canonical form (<c>docs/integrity.md</c>).
    /// </summary>
    [JsonIgnore]
    public string? SourceIpAsHashed { get; init; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The correlation (trace) id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The tenant id.</summary>
    public string? TenantId { get; init; }

    /// <summary>Free-form key/value details (never <see langword="null"/>), ordered by key.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = EmptyMetadata;

    /// <summary>The user the action was done to, when it concerns a user account.</summary>
    public AuditTargetUser? TargetUser { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyMetadata =
        new SortedDictionary<string, string>(StringComparer.Ordinal);
}
