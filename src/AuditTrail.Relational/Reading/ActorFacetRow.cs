namespace AuditTrail.Relational;

/// <summary>One row of the actor facet query.</summary>
internal sealed class ActorFacetRow
{
    public string ActorId { get; set; } = string.Empty;

    public string? ActorName { get; set; }

    public string ActorType { get; set; } = string.Empty;
}
