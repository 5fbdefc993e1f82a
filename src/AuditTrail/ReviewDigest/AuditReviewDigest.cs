using System.Globalization;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The weekly digest of a review (<see cref="IAuditReview.ReviewAsync"/>): a Markdown page to read or paste into a
/// ticket, and a CSV sheet to file. Both list the findings most severe first, with detector, actor, source, time span,
/// summary and evidence. What the trail recorded is shown as text: Markdown syntax in a summary is escaped, and a CSV
/// cell a spreadsheet would read as a formula gets a leading apostrophe.
/// </summary>
public static class AuditReviewDigest
{
    /// <summary>Writes <paramref name="report"/> as Markdown (UTF-8, no byte order mark) to <paramref name="destination"/>, which stays open.</summary>
    /// <param name="report">The review to write.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the digest is written and flushed.</returns>
    public static Task WriteMarkdownAsync(AuditReviewReport report, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfMalformed(report);
        return AuditReviewMarkdownWriter.WriteAsync(report, destination, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="report"/> as CSV (RFC 4180, every cell quoted, times in ISO 8601 UTC, UTF-8 without byte
    /// order mark) to <paramref name="destination"/>, which stays open: one row per finding, its evidence ids separated
    /// by spaces.
    /// </summary>
    /// <param name="report">The review to write.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the digest is written and flushed.</returns>
    public static Task WriteCsvAsync(AuditReviewReport report, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(destination);
        ThrowIfMalformed(report);
        return AuditReviewCsvWriter.WriteAsync(report, destination, cancellationToken);
    }

    /// <summary>
    /// A report built by the host may hold what no review gives: no findings list, a null finding, a severity outside
    /// the four (the Markdown digest would leave it out without a word), no evidence list. Refused before anything is
    /// written, naming the report and the finding.
    /// </summary>
    private static void ThrowIfMalformed(AuditReviewReport report)
    {
        if (report.Findings is null)
        {
            throw new ArgumentException("report.Findings is null; give an empty list for a period without findings.", nameof(report));
        }

        for (var i = 0; i < report.Findings.Count; i++)
        {
            var problem = report.Findings[i] switch
            {
                null => " is null",
                { Severity: var severity } when !Enum.IsDefined(severity) => $".Severity is {(int)severity}, which is not an AuditFindingSeverity",
                { EvidenceIds: null } => ".EvidenceIds is null; give an empty list for a finding without evidence",
                _ => null,
            };
            if (problem is not null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"report.Findings[{i}]{problem}."), nameof(report));
            }
        }
    }

    /// <summary>The findings most severe first, then by start time, then by id: the order of both digests, whatever order the report came in.</summary>
    internal static IReadOnlyList<AuditFinding> Ordered(AuditReviewReport report) =>
        [.. report.Findings
            .OrderByDescending(finding => finding.Severity)
            .ThenBy(finding => finding.Start)
            .ThenBy(finding => finding.Id, StringComparer.Ordinal)];

    /// <summary>An instant as the digests show it: UTC, to the second.</summary>
    internal static string Time(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
