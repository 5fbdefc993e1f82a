namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.ChangeOutsideMaintenanceWindow"/>: creates, updates and deletes (not by the System actor)
/// outside every declared window; one actor's changes that follow each other within
/// <see cref="AuditMaintenanceOptions.EpisodeGap"/> are one episode.
/// </summary>
internal sealed class MaintenanceWindowDetector(AuditReviewOptions options) : AuditDetector
{
    private readonly AuditMaintenanceSchedule _schedule = new(options.Maintenance);
    private readonly Dictionary<string, AuditEpisode> _open = new(StringComparer.Ordinal);

    /// <summary>Whether the detector has anything to do: with no window declared it does not run.</summary>
    public bool IsActive => !_schedule.IsEmpty;

    public static bool IsChange(AuditRecord record) =>
        record.ActionType is AuditActionType.Create or AuditActionType.Update or AuditActionType.Delete
        && record.Actor.Type != AuditActorType.System
        && record.Outcome == AuditOutcome.Success;

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (!IsActive || !IsChange(record) || _schedule.IsOpen(record.OccurredAt))
        {
            return;
        }

        var key = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
        if (!_open.TryGetValue(key, out var episode) || record.OccurredAt - episode.End > options.Maintenance.EpisodeGap)
        {
            _open[key] = episode = new AuditEpisode(AuditDetectors.ChangeOutsideMaintenanceWindow, key, options.MaxEvidenceIds, r => r.Action);
        }

        episode.Add(record);
        var actions = episode.SubjectCount == 1 ? record.Action : AuditReviewText.Count(episode.SubjectCount, "kind");
        found.Report(episode.ToFinding(
            AuditFindingSeverity.Medium,
            $"{AuditReviewText.Count(episode.Count, "change")} ({actions}) by '{AuditReviewText.Name(record.Actor)}' outside the maintenance windows, {AuditReviewText.Time(episode.Start)}{(episode.Count > 1 ? " " + AuditReviewText.Span(episode.Start, episode.End) : string.Empty)}",
            record.Actor.Id));
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        foreach (var (key, episode) in _open)
        {
            if (now - episode.End > options.Maintenance.EpisodeGap)
            {
                _open.Remove(key);
            }
        }
    }
}
