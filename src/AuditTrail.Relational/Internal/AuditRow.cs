namespace AuditTrail.Relational.Internal;

/// <summary>One audit row as Dapper reads it; the property names are the column aliases of the shared SELECT.</summary>
internal sealed class AuditRow
{
    public long Seq { get; set; }

    // The dialect decides how ids are stored (text, uuid, binary), so they arrive untyped and FromDbId decodes them.
    public object Id { get; set; } = default!;

    // The dialect decides the storage type of times, so they arrive untyped and FromDbTime decodes them.
    public object OccurredAt { get; set; } = default!;

    public object RecordedAt { get; set; } = default!;

    public string ActorId { get; set; } = string.Empty;

    public string? ActorName { get; set; }

    public string ActorType { get; set; } = string.Empty;

    public string Action { get; set; } = string.Empty;

    public string ActionType { get; set; } = string.Empty;

    public string Outcome { get; set; } = string.Empty;

    public string? FailureReason { get; set; }

    public string? ResourceType { get; set; }

    public string? ResourceId { get; set; }

    public string? ResourceName { get; set; }

    public string? Description { get; set; }

    public string Changes { get; set; } = "[]";

    public string? SourceIp { get; set; }

    public string? UserAgent { get; set; }

    public string? CorrelationId { get; set; }

    public string? TenantId { get; set; }

    public string Metadata { get; set; } = "{}";

    public byte[]? Hash { get; set; }
}

/// <summary>A sequence number with the hash stored there (and, for purges, the row's time).</summary>
internal sealed class ChainLinkRow
{
    public long Sequence { get; set; }

    public byte[]? Hash { get; set; }

    public object? OccurredAt { get; set; }
}

/// <summary>One row of the actor facet query.</summary>
internal sealed class ActorFacetRow
{
    public string ActorId { get; set; } = string.Empty;

    public string? ActorName { get; set; }

    public string ActorType { get; set; } = string.Empty;
}
