namespace AuditTrail;

/// <summary>
/// What host code asks <see cref="IAuditReader"/> for: filters (combined with AND; a list matches any
/// of its values), a page size and an opaque cursor. Results are newest first.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>The page size used when <see cref="Limit"/> is not set: 50.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size: 1000.</summary>
    public const int MaxLimit = 1000;

    /// <summary>The longest search text accepted: 256 characters.</summary>
    public const int MaxSearchLength = 256;

    /// <summary>The most values accepted in one list filter: 100.</summary>
    public const int MaxListValues = 100;

    /// <summary>Any of these action types.</summary>
    public IReadOnlyList<AuditActionType>? ActionTypes { get; init; }

    /// <summary>Any of these action codes.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Any of these actor ids. For a viewer who is not an admin this can only narrow, never widen, the scope.</summary>
    public IReadOnlyList<string>? ActorIds { get; init; }

    /// <summary>
    /// This target user id (<see cref="AuditTargetUser.Id"/>, exact): the records about one person, whoever acted. It
    /// narrows the viewer's scope, never widens it.
    /// </summary>
    public string? TargetUserId { get; init; }

    /// <summary>This resource type.</summary>
    public string? ResourceType { get; init; }

    /// <summary>This resource id.</summary>
    public string? ResourceId { get; init; }

    /// <summary>This outcome.</summary>
    public AuditOutcome? Outcome { get; init; }

    /// <summary>Occurred at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Occurred before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Free text, matched literally and case-insensitively for ASCII letters (not <c>é</c> against <c>É</c>); see <see cref="AuditFilter.Search"/>.</summary>
    public string? Search { get; init; }

    /// <summary>
    /// This source IP. Under <see cref="AuditTrailOptions.SourceIpPseudonymization"/> it is pseudonymised the same
    /// way as stored addresses, so the real address finds its records; so does a value as stored (a truncated
    /// address, or <c>hmac:</c> and its hex digits).
    /// </summary>
    public string? SourceIp { get; init; }

    /// <summary>This tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>This correlation id (exact): the records of one request or operation.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The page size, 1 to <see cref="MaxLimit"/>; <see cref="DefaultLimit"/> when not set.</summary>
    public int? Limit { get; init; }

    /// <summary>The <see cref="AuditPage.NextCursor"/> of the previous page, or <see langword="null"/> for the first page.</summary>
    public string? Cursor { get; init; }
}
