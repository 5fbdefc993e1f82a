namespace AuditTrail.Relational;

/// <summary>
/// One audit row as the shared SELECT reads it: each property is named as the column alias of the statement, and holds
/// the column's value as the provider reads it (see <see cref="AuditColumns"/>). An <see cref="IAuditRowReader"/> fills
/// these; the store turns them into records.
/// </summary>
public sealed class AuditRow
{
    /// <summary>The row's <see cref="AuditColumns.Seq"/>, its position in the hash chain.</summary>
    public long Seq { get; set; }

    /// <summary>The <see cref="AuditColumns.Id"/> as stored; the dialect decides how (text, uuid, binary), and <see cref="IAuditSqlDialect.FromDbId"/> decodes it.</summary>
    public object Id { get; set; } = default!;

    /// <summary>The <see cref="AuditColumns.OccurredAt"/> as stored; <see cref="IAuditSqlDialect.FromDbTime"/> decodes it.</summary>
    public object OccurredAt { get; set; } = default!;

    /// <summary>The <see cref="AuditColumns.RecordedAt"/> as stored; <see cref="IAuditSqlDialect.FromDbTime"/> decodes it.</summary>
    public object RecordedAt { get; set; } = default!;

    /// <summary>The <see cref="AuditColumns.ActorId"/>.</summary>
    public string ActorId { get; set; } = string.Empty;

    /// <summary>The <see cref="AuditColumns.ActorName"/>.</summary>
    public string? ActorName { get; set; }

    /// <summary>The <see cref="AuditColumns.ActorType"/> name.</summary>
    public string ActorType { get; set; } = string.Empty;

    /// <summary>The <see cref="AuditColumns.Action"/>.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The <see cref="AuditColumns.ActionType"/> name.</summary>
    public string ActionType { get; set; } = string.Empty;

    /// <summary>The <see cref="AuditColumns.Outcome"/> name.</summary>
    public string Outcome { get; set; } = string.Empty;

    /// <summary>The <see cref="AuditColumns.FailureReason"/>.</summary>
    public string? FailureReason { get; set; }

    /// <summary>The <see cref="AuditColumns.ResourceType"/>.</summary>
    public string? ResourceType { get; set; }

    /// <summary>The <see cref="AuditColumns.ResourceId"/>.</summary>
    public string? ResourceId { get; set; }

    /// <summary>The <see cref="AuditColumns.ResourceName"/>.</summary>
    public string? ResourceName { get; set; }

    /// <summary>The <see cref="AuditColumns.Description"/>.</summary>
    public string? Description { get; set; }

    /// <summary>The <see cref="AuditColumns.Changes"/>, a JSON array.</summary>
    public string Changes { get; set; } = "[]";

    /// <summary>The <see cref="AuditColumns.SourceIp"/>.</summary>
    public string? SourceIp { get; set; }

    /// <summary>The <see cref="AuditColumns.UserAgent"/>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The <see cref="AuditColumns.CorrelationId"/>.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The <see cref="AuditColumns.TenantId"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The <see cref="AuditColumns.Metadata"/>, a JSON object.</summary>
    public string Metadata { get; set; } = "{}";

    /// <summary>The <see cref="AuditColumns.Hash"/>, the row's 32-byte chain link.</summary>
    public byte[]? Hash { get; set; }
}
