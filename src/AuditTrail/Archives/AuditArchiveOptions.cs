namespace AuditTrail;

/// <summary>
/// Archive before purge (<see cref="AuditRetentionOptions.Archive"/>): records leaving the store are first written to
/// sealed, signed segments (docs/retention.md), and the purge removes only what a segment durably holds. Validated at
/// start: when <see cref="Enabled"/>, <see cref="Directory"/> must be set unless an <see cref="IAuditArchiveSink"/> is registered.
/// </summary>
public sealed class AuditArchiveOptions
{
    /// <summary>The default <see cref="Table"/>: <c>audit_events</c>, the stores' default table.</summary>
    public const string DefaultTable = "audit_events";

    /// <summary>Whether retention archives records before purging them. Default <see langword="false"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The folder of the default <see cref="DirectoryAuditArchiveSink"/>; required unless an <see cref="IAuditArchiveSink"/> is registered.</summary>
    public string? Directory { get; set; }

    /// <summary>The most records per segment. Default 10 000; 1 to 1 000 000.</summary>
    public int MaxRecordsPerSegment { get; set; } = 10_000;

    /// <summary>The table name the manifests record (the store's audit table). Default <see cref="DefaultTable"/>.</summary>
    public string Table { get; set; } = DefaultTable;
}
