using System.Globalization;
using System.Text;

namespace AuditTrail;

/// <summary>The Markdown digest: a heading, a count per severity, then one table per severity.</summary>
internal static class AuditReviewMarkdownWriter
{
    private static readonly AuditFindingSeverity[] MostSevereFirst =
        [AuditFindingSeverity.Critical, AuditFindingSeverity.High, AuditFindingSeverity.Medium, AuditFindingSeverity.Low];

    public static async Task WriteAsync(AuditReviewReport report, Stream destination, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var findings = AuditReviewDigest.Ordered(report);
        text.Append(CultureInfo.InvariantCulture, $"# Audit review {AuditReviewDigest.Time(report.From)} to {AuditReviewDigest.Time(report.To)}\n\n");
        if (findings.Count == 0)
        {
            text.Append("No findings in this period.\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{findings.Count} {(findings.Count == 1 ? "finding" : "findings")}: ");
            text.AppendJoin(", ", MostSevereFirst
                .Select(severity => (severity, count: findings.Count(finding => finding.Severity == severity)))
                .Where(entry => entry.count > 0)
                .Select(entry => string.Create(CultureInfo.InvariantCulture, $"{entry.count} {Label(entry.severity).ToLowerInvariant()}")));
            text.Append(".\n");
            foreach (var severity in MostSevereFirst)
            {
                AppendSection(text, severity, [.. findings.Where(finding => finding.Severity == severity)]);
            }
        }

        var writer = new StreamWriter(destination, AuditReviewDigest.Utf8, bufferSize: 4096, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(text, cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AppendSection(StringBuilder text, AuditFindingSeverity severity, IReadOnlyList<AuditFinding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"\n## {Label(severity)} ({findings.Count})\n\n");
        text.Append("| Start (UTC) | End (UTC) | Detector | Actor | Source | Tenant | Summary | Evidence |\n");
        text.Append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        foreach (var finding in findings)
        {
            text.Append("| ").Append(AuditReviewDigest.Time(finding.Start))
                .Append(" | ").Append(AuditReviewDigest.Time(finding.End))
                .Append(" | ").Append(Cell(finding.Detector))
                .Append(" | ").Append(Cell(finding.ActorId))
                .Append(" | ").Append(Cell(finding.SourceIp))
                .Append(" | ").Append(Cell(finding.TenantId))
                .Append(" | ").Append(Cell(finding.Summary))
                .Append(" | ").Append(finding.EvidenceIds.Count.ToString(CultureInfo.InvariantCulture))
                .Append(finding.EvidenceIds.Count == 1 ? " record" : " records")
                .Append(" |\n");
        }
    }

    internal static string Label(AuditFindingSeverity severity) => severity switch
    {
        AuditFindingSeverity.Critical => "Critical",
        AuditFindingSeverity.High => "High",
        AuditFindingSeverity.Medium => "Medium",
        AuditFindingSeverity.Low => "Low",
        _ => severity.ToString(),
    };

    /// <summary>
    /// A table cell that shows its text as written: a line break would end the row and a pipe would start a cell, so
    /// breaks become spaces and Markdown's punctuation is backslash-escaped (CommonMark lets any ASCII punctuation be),
    /// which also keeps HTML tags, links and emphasis in a summary inert; so is a colon and the dot of <c>www.</c>, so
    /// that GitHub-flavoured Markdown makes no autolink of <c>https://…</c> or <c>www.…</c>; a bidi control shows as <c>[U+202E]</c>
    /// (<see cref="AuditBidiControls"/>).
    /// </summary>
    internal static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "\u2014";
        }

        var cell = new StringBuilder(value.Length + 8);
        var lastWasBreak = false;
        foreach (var c in value)
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\u0085')
            {
                if (!lastWasBreak)
                {
                    cell.Append(' ');
                }

                lastWasBreak = true;
                continue;
            }

            lastWasBreak = false;
            if (char.IsControl(c))
            {
                cell.Append(' ');
            }
            else if (AuditBidiControls.Is(c))
            {
                cell.Append("\\[").Append(AuditBidiControls.Code(c)).Append("\\]");
            }
            else
            {
                if (c is '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '&' or '#' or '~' or '!' or ':'
                    || (c == '.' && EndsWithWww(cell)))
                {
                    cell.Append('\\');
                }

                cell.Append(c);
            }
        }

        return cell.ToString();
    }

    /// <summary>Whether the cell so far ends in <c>www</c>, which a dot would make a GitHub-flavoured autolink (<c>www.example.com</c>).</summary>
    private static bool EndsWithWww(StringBuilder cell) =>
        cell.Length >= 3
        && char.ToLowerInvariant(cell[^3]) == 'w' && char.ToLowerInvariant(cell[^2]) == 'w' && char.ToLowerInvariant(cell[^1]) == 'w';
}
