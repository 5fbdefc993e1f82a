using System.Globalization;
using CsvHelper;

namespace AuditTrail;

/// <summary>The CSV digest, written like the record export (<see cref="CsvAuditExporter"/>): every cell quoted, free text through <see cref="CsvFormulaGuard"/>.</summary>
internal static class AuditReviewCsvWriter
{
    /// <summary>The header row.</summary>
    public static readonly IReadOnlyList<string> Header =
        ["severity", "detector", "start", "end", "actor_id", "source_ip", "tenant_id", "summary", "finding_id", "evidence_ids"];

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Quoting = CsvQuoting.Always,
        NewLine = "\r\n",
        Injection = CsvInjection.None,
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
    };

    public static async Task WriteAsync(AuditReviewReport report, Stream destination, CancellationToken cancellationToken)
    {
        var csv = CsvWriter.Create(destination, Options, true);
        await using (csv.ConfigureAwait(false))
        {
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            foreach (var finding in AuditReviewDigest.Ordered(report))
            {
                csv.WriteField(finding.Severity.ToString());
                csv.WriteField(Text(finding.Detector));
                csv.WriteField(AuditReviewDigest.Time(finding.Start));
                csv.WriteField(AuditReviewDigest.Time(finding.End));
                csv.WriteField(Text(finding.ActorId));
                csv.WriteField(Text(finding.SourceIp));
                csv.WriteField(Text(finding.TenantId));
                csv.WriteField(Text(finding.Summary));
                csv.WriteField(Text(finding.Id));
                csv.WriteField(string.Join(' ', finding.EvidenceIds.Select(id => id.ToString("D"))));
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Text(string? value) => CsvFormulaGuard.Neutralize(AuditBidiControls.MakeVisible(value)) ?? string.Empty;
}
