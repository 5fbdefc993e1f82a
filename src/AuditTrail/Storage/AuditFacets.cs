namespace AuditTrail;

/// <summary>The values a viewer may filter on: what the audit page's dropdowns offer.</summary>
/// <param name="Actors">Distinct actors (by id, ordered by display name then id); the display name is the most recent one.</param>
/// <param name="ActionTypes">Distinct action types, in enum order.</param>
/// <param name="Actions">Distinct action codes, ordinal order.</param>
public sealed record AuditFacets(
    IReadOnlyList<AuditActor> Actors,
    IReadOnlyList<AuditActionType> ActionTypes,
    IReadOnlyList<string> Actions)
{
    /// <summary>No values at all.</summary>
    public static AuditFacets Empty { get; } = new([], [], []);
}
