namespace AuditTrail;

/// <summary>
/// An audited action as the host records it through <see cref="IAuditLogger"/>. Anything left empty
/// (<see cref="Actor"/>, <see cref="SourceIp"/>, <see cref="UserAgent"/>, <see cref="CorrelationId"/>,
/// <see cref="TenantId"/>) is filled from the ambient <see cref="AuditContext"/>; the id and times are
/// assigned by the pipeline. What is stored and read back is an <see cref="AuditRecord"/>.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>
    /// The stable, dotted action code, for example <c>server.updated</c>; see <see cref="AuditActions"/>
    /// for the built-in codes. Required.
    /// </summary>
    public required string Action { get; init; }

    /// <summary>The coarse category of the action. Required.</summary>
    public required AuditActionType ActionType { get; init; }

    /// <summary>
    /// The event id. Leave empty to get a new version 7 <see cref="Guid"/>; set it only to make a
    /// retried call idempotent (the same id is stored once). <see cref="Guid.Empty"/> is refused with an
    /// <see cref="ArgumentException"/>: it is what an unset <see cref="Guid"/> holds, not an id.
    /// </summary>
    public Guid? Id { get; init; }

    /// <summary>
    /// When the action happened. Leave empty for "now" from the configured <see cref="TimeProvider"/>;
    /// set it when importing historical events. Stored in UTC with microsecond precision.
    /// </summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Who performed the action; empty means the ambient context's actor, or <see cref="AuditActor.Anonymous"/>.</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>
    /// The user the action was done to, when it concerns a user account (a role change, a deactivation, a password
    /// reset by an admin); the helpers of <see cref="AuditLoggerExtensions"/> that concern a user set it. That user
    /// sees the record in their own trail.
    /// </summary>
    public AuditTargetUser? TargetUser { get; init; }

    /// <summary>Whether the action succeeded. Defaults to <see cref="AuditOutcome.Success"/>.</summary>
    public AuditOutcome Outcome { get; init; }

    /// <summary>Why the action failed, when <see cref="Outcome"/> is <see cref="AuditOutcome.Failure"/>.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The resource the action touched.</summary>
    public AuditResource? Resource { get; init; }

    /// <summary>
    /// A human-readable description. Left empty on an update with <see cref="Changes"/>, it is rendered
    /// from them ("Changed load_multiplier from 1.0 to 1.5").
    /// </summary>
    public string? Description { get; init; }

    /// <summary>The fields an update changed; see <see cref="AuditDiff"/>.</summary>
    public IReadOnlyList<AuditFieldChange>? Changes { get; init; }

    /// <summary>The caller's IP address as text; stored pseudonymised when <see cref="AuditTrailOptions.SourceIpPseudonymization"/> says so.</summary>
    public string? SourceIp { get; init; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// Correlates the event with a request or trace. Empty means the ambient context's value, or the
    /// W3C trace id of <see cref="System.Diagnostics.Activity.Current"/>.
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>The tenant the action belongs to, in a multi-tenant host.</summary>
    public string? TenantId { get; init; }

    /// <summary>Free-form key/value details. Values of keys that look sensitive are redacted.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
