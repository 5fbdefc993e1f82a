using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Records each finding in the trail itself as a <see cref="AuditActions.ReviewFinding"/> event by the System actor
/// (<c>AddReviewFindingsAsEvents()</c>). The detectors skip these records, so they never become evidence of a finding.
/// </summary>
internal sealed class AuditEventAlertSink(IAuditLogger logger) : IAuditAlertSink
{
    public const string FindingIdKey = "finding_id";

    /// <summary>As many evidence ids as fit in one metadata value (<see cref="AuditLimits.Value"/>).</summary>
    private const int MaxEvidenceIds = 50;

    public async Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var metadata = new Dictionary<string, string>
        {
            [FindingIdKey] = finding.Id,
            ["detector"] = finding.Detector,
            [AuditFindingRecords.SeverityKey] = finding.Severity.ToString(),
            ["summary"] = finding.Summary,
            ["start"] = finding.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["end"] = finding.End.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["evidence_count"] = finding.EvidenceIds.Count.ToString(CultureInfo.InvariantCulture),
            ["evidence_ids"] = string.Join(',', finding.EvidenceIds.Take(MaxEvidenceIds).Select(id => id.ToString("D"))),
        };
        if (finding.ActorId is { } actor)
        {
            metadata["actor_id"] = actor;
        }

        if (finding.SourceIp is { } ip)
        {
            metadata["source_ip"] = ip;
        }

        await logger.LogAsync(
            new AuditEvent
            {
                Action = AuditActions.ReviewFinding,
                ActionType = AuditActionType.Security,
                Actor = AuditActor.System,
                Resource = new AuditResource("review_finding", finding.Id, finding.Detector),
                Description = finding.Summary,
                TenantId = finding.TenantId,
                Metadata = metadata,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
