using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>Logs each finding through <see cref="ILogger"/>: a warning for low and medium severity, an error for high and critical.</summary>
internal sealed partial class AuditLoggingAlertSink(ILogger<AuditLoggingAlertSink> logger) : IAuditAlertSink
{
    /// <summary>C0 and C1 controls (CR, LF, ESC, NEL, ...), DEL, U+2028, U+2029, and the bidi controls U+202A to U+202E and U+2066 to U+2069.</summary>
    private static readonly SearchValues<char> Escaped = SearchValues.Create(string.Concat(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Concat([0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
            .Select(code => (char)code)));

    public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var level = finding.Severity >= AuditFindingSeverity.High ? LogLevel.Error : LogLevel.Warning;
        if (!logger.IsEnabled(level))
        {
            return Task.CompletedTask;
        }

        var summary = OneLine(finding.Summary)!;
        var actorId = OneLine(finding.ActorId);
        var sourceIp = OneLine(finding.SourceIp);
        var tenantId = OneLine(finding.TenantId);
        LogFinding(level, finding.Detector, finding.Severity, summary, finding.Id, actorId, sourceIp, tenantId, finding.Start, finding.End, finding.EvidenceIds.Count);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The text with every control character, line or paragraph separator and bidi embedding, override or isolate
    /// written as <c>\u000d</c>: a summary and an actor hold what anyone typed (the user name of failed logins), which
    /// must not start a forged line in a text log, move a terminal's cursor or reorder the text after it.
    /// </summary>
    private static string? OneLine(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny(Escaped) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Escaped.Contains(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    [LoggerMessage(EventId = 7001, EventName = "AuditReviewFinding", Message = "Audit review finding {Detector} ({Severity}): {Summary} [id {FindingId}, actor {ActorId}, source {SourceIp}, tenant {TenantId}, {Start} to {End}, {EvidenceCount} evidence record(s)]")]
    private partial void LogFinding(
        LogLevel level,
        string detector,
        AuditFindingSeverity severity,
        string summary,
        string findingId,
        string? actorId,
        string? sourceIp,
        string? tenantId,
        DateTimeOffset start,
        DateTimeOffset end,
        int evidenceCount);
}
