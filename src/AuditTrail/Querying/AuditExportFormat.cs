namespace AuditTrail;

/// <summary>The formats <see cref="IAuditReader.ExportAsync"/> writes.</summary>
public enum AuditExportFormat
{
    /// <summary>RFC 4180 CSV with a header row, UTF-8 without BOM; cells that could start a spreadsheet formula are neutralised.</summary>
    Csv = 0,

    /// <summary>JSON Lines: one JSON object per record, UTF-8, camelCase names, ISO 8601 UTC times.</summary>
    JsonLines = 1,

    /// <summary>OCSF 1.3 events as JSON Lines: one event object per record (<see cref="AuditOcsf"/>, <c>docs/ocsf.md</c>), UTF-8.</summary>
    Ocsf = 2,
}
