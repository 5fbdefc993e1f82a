namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.ChangeOutsideMaintenanceWindow"/>: creates, updates and deletes (not by the System actor)
/// outside every declared window; one actor's changes that follow each other within
/// <see cref="AuditMaintenanceOptions.EpisodeGap"/> are one episode. An episode's finding is built when the findings
/// are read, not on every change it takes in; once the episode has ended, its finding is built and its state let go, so
/// a trail where each change is an episode of its own holds the findings, not the records.
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
        if (!_open.TryGetValue(key, out var episode) || record.OccurredAt - episode.End > options.Maintenance.EpisodeGap)
        {
            episode?.Close();
            _open[key] = episode = new Episode(new AuditEpisode(AuditDetectors.ChangeOutsideMaintenanceWindow, key, options.MaxEvidenceIds, r => r.Action));
        }

        found.Report(episode.Add(record), episode.Build);
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        foreach (var (key, episode) in _open)
        {
            if (now - episode.End > options.Maintenance.EpisodeGap)
            {
                episode.Close();
                _open.Remove(key);
            }
        }
    }

    /// <summary>
    /// An episode, the action and actor of the change that extended it last, and how its finding is built: from its
    /// state while it is open, and once it has ended from the finding built then (its state let go).
    /// </summary>
    private sealed class Episode
    {
        private AuditEpisode? _changes;
        private string _lastAction = string.Empty;
        private AuditActor _lastActor = null!;
        private AuditFinding? _ended;

        public Episode(AuditEpisode changes)
        {
            _changes = changes;
            Build = () => _ended ?? ToFinding(_changes!);
        }

        public Func<AuditFinding> Build { get; }

        /// <summary>When its latest change occurred.</summary>
        public DateTimeOffset End => _ended?.End ?? _changes!.End;

        /// <summary>Takes in a change; returns the episode's finding id.</summary>
        public string Add(AuditRecord record)
        {
            var changes = _changes!.Add(record);
            _lastAction = record.Action;
            _lastActor = record.Actor;
            return changes.Id;
        }

        /// <summary>The episode has ended (no further change can join it): its finding is final.</summary>
        public void Close()
        {
            if (_changes is { } changes)
            {
                _ended = ToFinding(changes);
                _changes = null;
                _lastActor = null!;
            }
        }

        private AuditFinding ToFinding(AuditEpisode e)
        {
            var actions = e.SubjectCount == 1 ? _lastAction : AuditReviewText.Count(e.SubjectCount, "kind");
            return e.ToFinding(
                AuditFindingSeverity.Medium,
                $"{AuditReviewText.Count(e.Count, "change")} ({actions}) by '{AuditReviewText.Name(_lastActor)}' outside the maintenance windows, {AuditReviewText.Time(e.Start)}{(e.Count > 1 ? " " + AuditReviewText.Span(e.Start, e.End) : string.Empty)}",
                _lastActor.Id);
        }
    }
}
