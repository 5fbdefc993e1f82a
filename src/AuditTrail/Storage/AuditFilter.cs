namespace AuditTrail;

/// <summary>
/// The criteria a store applies, all combined with AND; an empty list or <see langword="null"/> means
/// "any". Built by <see cref="IAuditReader"/> from an <see cref="AuditQuery"/> plus the viewer's scope;
/// store implementations translate it, host code uses <see cref="AuditQuery"/>.
/// </summary>
public sealed record AuditFilter
{
    /// <summary>A filter that matches everything.</summary>
    public static AuditFilter All { get; } = new();

    /// <summary>Any of these action types.</summary>
    public IReadOnlyList<AuditActionType> ActionTypes { get; init; } = [];

    /// <summary>Any of these action codes (exact, ordinal).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Any of these actor ids (exact, ordinal).</summary>
    public IReadOnlyList<string> ActorIds { get; init; } = [];

    /// <summary>This target user id (<see cref="AuditRecord.TargetUser"/>'s <see cref="AuditTargetUser.Id"/>; exact, ordinal).</summary>
    public string? TargetUserId { get; init; }

    /// <summary>This resource type (exact, ordinal).</summary>
    public string? ResourceType { get; init; }

    /// <summary>This resource id (exact, ordinal).</summary>
    public string? ResourceId { get; init; }

    /// <summary>This outcome.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Occurred at or after this instant (inclusive).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Occurred before this instant (exclusive).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Free text: a record matches when the text occurs, case-insensitively (ASCII), as a literal substring
    /// of any of actor id, actor name, action code, resource type, id or name, description, a change's
    /// field or values, failure reason, source IP, or target user id or name. Wildcards and query syntax have no special meaning.
    /// </summary>
    public string? Search { get; init; }

    /// <summary>This source IP (exact), already in its stored form (the reader applies the pseudonymisation).</summary>
    public string? SourceIp { get; init; }

    /// <summary>This tenant (exact).</summary>
    public string? TenantId { get; init; }

    /// <summary>This correlation id (exact, ordinal).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// Scope set by the reader: when not <see langword="null"/>, only records of this actor match (and, with
    /// <see cref="ScopeIncludesTargetUser"/>, records about this user), whatever else the filter says. A store must
    /// always apply it.
    /// </summary>
    public string? ScopeActorId { get; init; }

    /// <summary>
    /// Scope set by the reader: when <see langword="true"/>, <see cref="ScopeActorId"/> also admits the records whose
    /// target user (<see cref="AuditRecord.TargetUser"/>) is that id, so the scope is "actor or target user". A store
    /// must apply it with <see cref="ScopeActorId"/> (a store that does not know it shows less, never more).
    /// </summary>
    public bool ScopeIncludesTargetUser { get; init; }

    /// <summary>
    /// Scope set by the reader: when not <see langword="null"/>, only records of this tenant match,
    /// whatever else the filter says. A store must always apply it.
    /// </summary>
    public string? ScopeTenantId { get; init; }
}
