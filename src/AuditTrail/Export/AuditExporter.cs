namespace AuditTrail;

/// <summary>Writes a stream of records in one export format.</summary>
internal abstract class AuditExporter
{
    public static AuditExporter For(AuditExportFormat format) => format switch
    {
        AuditExportFormat.Csv => CsvAuditExporter.Instance,
        AuditExportFormat.JsonLines => JsonLinesAuditExporter.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "The export format must be Csv or JsonLines."),
    };

    /// <summary>Writes every record, flushes (does not close) the destination, and returns how many were written.</summary>
    public abstract Task<long> WriteAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken cancellationToken);
}
