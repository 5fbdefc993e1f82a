namespace AuditTrail;

/// <summary><see cref="AuditDetectors.PasswordSpraying"/>: one source address failing against many distinct user names.</summary>
internal sealed class PasswordSprayingDetector(AuditReviewOptions options) : AuditDetector
{
    private readonly AuditBurstTracker _failures = new(
        AuditDetectors.PasswordSpraying, options.PasswordSpraying, options.MaxEvidenceIds, BruteForceDetector.UserNameOf);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (record.Action == AuditActions.LoginFailed
            && record.SourceIp is { Length: > 0 } ip
            && _failures.Add(AuditFindingIds.Key(record.TenantId, ip), record) is { } episode)
        {
            found.Report(episode.ToFinding(
                AuditFindingSeverity.High,
                $"Failed logins for {AuditReviewText.Count(episode.SubjectCount, "user name")} from {ip} {AuditReviewText.Span(episode.Start, episode.End)} ({AuditReviewText.Count(episode.Count, "attempt")})",
                actorId: null,
                sourceIp: ip));
        }
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found) => _failures.Sweep(now);
}
