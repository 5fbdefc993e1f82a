namespace AuditTrail;

/// <summary>
/// Ambient facts about the current operation that the pipeline copies into every event that leaves
/// them empty: who acts, from where, under which correlation id and tenant.
/// </summary>
public sealed record AuditContext
{
    /// <summary>Who acts.</summary>
    public AuditActor? Actor { get; init; }

    /// <summary>The caller's IP address.</summary>
    public string? SourceIp { get; init; }

    /// <summary>The caller's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The request or trace id.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }
}
