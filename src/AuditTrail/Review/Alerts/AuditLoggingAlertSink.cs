using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>Logs each finding through <see cref="ILogger"/>: a warning for low and medium severity, an error for high and critical.</summary>
internal sealed partial class AuditLoggingAlertSink(ILogger<AuditLoggingAlertSink> logger) : IAuditAlertSink
{
    public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var level = finding.Severity >= AuditFindingSeverity.High ? LogLevel.Error : LogLevel.Warning;
        LogFinding(level, finding.Detector, finding.Severity, finding.Summary, finding.Id, finding.ActorId, finding.SourceIp, finding.TenantId, finding.Start, finding.End, finding.EvidenceIds.Count);
        return Task.CompletedTask;
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
