namespace AuditTrail;

/// <summary>Writes a stream of records in one export format.</summary>
internal abstract class AuditExporter
{
    public static AuditExporter For(AuditExportFormat format, AuditOcsfOptions ocsf) => format switch
    {
        AuditExportFormat.Csv => CsvAuditExporter.Instance,
        AuditExportFormat.JsonLines => JsonLinesAuditExporter.Instance,
        AuditExportFormat.Ocsf => JsonLinesAuditExporter.Ocsf(ocsf),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "The export format must be Csv, JsonLines or Ocsf."),
    };

    /// <summary>Writes every record, flushes (does not close) the destination, and returns how many were written.</summary>
    public abstract Task<long> WriteAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken cancellationToken);
}
