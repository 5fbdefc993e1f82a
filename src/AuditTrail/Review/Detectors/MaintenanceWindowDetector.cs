namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.ChangeOutsideMaintenanceWindow"/>: creates, updates and deletes (not by the System actor)
/// outside every declared window; one actor's changes that follow each other within
/// <see cref="AuditMaintenanceOptions.EpisodeGap"/> are one episode. An episode's finding is built when the findings
/// are read, not on every change it takes in.
/// </summary>
internal sealed class MaintenanceWindowDetector(AuditReviewOptions options) : AuditDetector
{
    private readonly AuditMaintenanceSchedule _schedule = new(options.Maintenance);
    private readonly Dictionary<string, Episode> _open = new(StringComparer.Ordinal);

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
        if (!_open.TryGetValue(key, out var episode) || record.OccurredAt - episode.Changes.End > options.Maintenance.EpisodeGap)
        {
            _open[key] = episode = new Episode(new AuditEpisode(AuditDetectors.ChangeOutsideMaintenanceWindow, key, options.MaxEvidenceIds, r => r.Action));
        }

        episode.Changes.Add(record);
        episode.Last = record;
        found.Report(episode.Changes.Id, episode.Build);
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        foreach (var (key, episode) in _open)
        {
            if (now - episode.Changes.End > options.Maintenance.EpisodeGap)
            {
                _open.Remove(key);
            }
        }
    }

    /// <summary>An open episode, the change that extended it last, and how its finding is built.</summary>
    private sealed class Episode
    {
        public Episode(AuditEpisode changes)
        {
            Changes = changes;
            Build = ToFinding;
        }

        public AuditEpisode Changes { get; }

        public AuditRecord Last { get; set; } = null!;

        public Func<AuditFinding> Build { get; }

        private AuditFinding ToFinding()
        {
            var e = Changes;
            var actions = e.SubjectCount == 1 ? Last.Action : AuditReviewText.Count(e.SubjectCount, "kind");
            return e.ToFinding(
                AuditFindingSeverity.Medium,
                $"{AuditReviewText.Count(e.Count, "change")} ({actions}) by '{AuditReviewText.Name(Last.Actor)}' outside the maintenance windows, {AuditReviewText.Time(e.Start)}{(e.Count > 1 ? " " + AuditReviewText.Span(e.Start, e.End) : string.Empty)}",
                Last.Actor.Id);
        }
    }
}
