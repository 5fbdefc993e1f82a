using System.Globalization;

namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.TrailGap"/>: an <see cref="AuditActions.AuditStopped"/> not followed by an
/// <see cref="AuditActions.AuditStarted"/> within <see cref="AuditReviewOptions.MaxRestartGap"/>, an
/// <see cref="AuditActions.AuditVerified"/> that failed, and an <see cref="AuditActions.AuditPurged"/> outside the
/// retention policy (no retention period set, a cutoff younger than the period, or not by the System actor).
/// </summary>
internal sealed class TrailGapDetector(AuditReviewOptions options, TimeSpan? retention) : AuditDetector
{
    /// <summary>The trail's own lifecycle actions.</summary>
    public static readonly string[] Actions = [AuditActions.AuditStarted, AuditActions.AuditStopped, AuditActions.AuditVerified, AuditActions.AuditPurged];

    /// <summary>How far a purge's cutoff may lie after "purge time minus period" (the purge anchors on the earlier of two clocks).</summary>
    private static readonly TimeSpan CutoffTolerance = TimeSpan.FromMinutes(1);

    private readonly List<AuditRecord> _stops = [];

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        Advance(record.OccurredAt, found);
        switch (record.Action)
        {
            case AuditActions.AuditStopped:
                _stops.Add(record);
                break;
            case AuditActions.AuditStarted when _stops.Count > 0:
                _stops.RemoveAt(0);
                break;
            case AuditActions.AuditVerified when record.Outcome == AuditOutcome.Failure:
                Report(record, $"Integrity verification of the trail failed on {AuditReviewText.Time(record.OccurredAt)}{(record.FailureReason is { } reason ? ": " + reason : string.Empty)}", AuditFindingSeverity.Critical, found);
                break;
            case AuditActions.AuditPurged when PurgeProblem(record) is { } problem:
                Report(record, problem, AuditFindingSeverity.High, found);
                break;
        }
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        while (_stops.Count > 0 && now - _stops[0].OccurredAt > options.MaxRestartGap)
        {
            var stop = _stops[0];
            _stops.RemoveAt(0);
            Report(stop, $"The audit trail stopped on {AuditReviewText.Time(stop.OccurredAt)} and did not start again within {options.MaxRestartGap}", AuditFindingSeverity.High, found);
        }
    }

    private string? PurgeProblem(AuditRecord record)
    {
        var purged = record.Metadata.TryGetValue("purged_count", out var count) ? count + " record(s)" : "records";
        if (record.Actor.Type != AuditActorType.System)
        {
            return $"'{AuditReviewText.Name(record.Actor)}' purged {purged}: only retention (the System actor) purges the trail";
        }

        if (retention is not { } period)
        {
            return $"Retention purged {purged} though no retention period is set";
        }

        if (record.Metadata.TryGetValue("cutoff", out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cutoff)
            && cutoff > AuditReviewTime.After(AuditReviewTime.Before(record.OccurredAt, period), CutoffTolerance))
        {
            return $"Retention purged {purged} up to {AuditReviewText.Time(cutoff)}, inside the retention period of {AuditReviewText.Days(period)}";
        }

        return null;
    }

    private void Report(AuditRecord record, string summary, AuditFindingSeverity severity, AuditFindingCollector found) =>
        found.Report(new AuditEpisode(AuditDetectors.TrailGap, AuditFindingIds.Key(record.TenantId, record.Action), options.MaxEvidenceIds)
            .Add(record).ToFinding(severity, summary, record.Actor.Type == AuditActorType.System ? null : record.Actor.Id));
}
