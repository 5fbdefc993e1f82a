using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// The continuous review: a feed consumer that runs the detectors over each committed record and hands every new
/// episode, once, to each <see cref="IAuditAlertSink"/>. On its first batch, and after another instance handled part of
/// the feed, it rebuilds the detectors' state from the trail before the batch (episodes found there were alerted
/// already) and remembers the findings already recorded as <see cref="AuditActions.ReviewFinding"/>, so a restart or a
/// lease takeover alerts nothing twice. A record read for the rebuild may not have been handled yet (committed after
/// the batch with an earlier time: an import, a replayed spool, another instance's clock): when it comes through the
/// feed, the rebuilt episodes it is evidence of are alerted then, unless recorded as alerted. An episode that ended
/// <see cref="AuditReviewOptions.MaxAlertAge"/> or longer ago is history, not an alert: it is counted in a log line.
/// </summary>
internal sealed partial class AuditReviewAlertConsumer(
    IAuditStore store,
    IEnumerable<IAuditAlertSink> sinks,
    IOptions<AuditReviewOptions> options,
    IOptions<AuditTrailOptions> trailOptions,
    TimeProvider timeProvider,
    ILogger<AuditReviewAlertConsumer> logger,
    IAuditGeoLocator? geo = null,
    AuditReviewWindows? windows = null) : IAuditConsumer
{
    /// <summary>How far back a restart looks for findings already recorded as events.</summary>
    private static readonly TimeSpan RecordedLookback = TimeSpan.FromDays(7);

    /// <summary>
    /// The sinks, the one recording findings as events last whatever the registration order: a recorded finding is what
    /// a restart counts as delivered, so it is recorded only once every other sink took it.
    /// </summary>
    private readonly IAuditAlertSink[] _sinks = [.. sinks.OrderBy(s => s is AuditEventAlertSink)];
    private readonly HashSet<string> _alerted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recorded = new(StringComparer.Ordinal);
    private Dictionary<Guid, List<AuditFinding>> _primedFindings = [];
    private readonly Queue<Pending> _pending = new();

    // Standing findings (an admin without MFA) older than MaxAlertAge that still hold: not history while they hold.
    private readonly Dictionary<string, AuditFinding> _deferred = new(StringComparer.Ordinal);
    private AuditDetection? _detection;
    private HashSet<Guid> _primed = [];
    private long _handled = -1;

    /// <summary>The ids this process handed to the sinks (or passed over as history): a rebuild never makes them due again.</summary>
    private readonly HashSet<string> _handedOver = new(StringComparer.Ordinal);

    /// <summary>The episodes the records handled before the last start or takeover show: alerted then, never due again.</summary>
    private HashSet<string> _alertedBefore = new(StringComparer.Ordinal);

    /// <summary>The newest record time the detectors have seen.</summary>
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    public async Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        // First batch of this process, or another instance handled the records in between (it held the lease for a
        // while): the state is rebuilt from the trail before this batch.
        if (_detection is null || batch[0].Sequence > _handled + 1)
        {
            _detection = await RebuildAsync(batch.Min(e => e.Record.OccurredAt), cancellationToken, batch).ConfigureAwait(false);
        }
        else if (IsLate(batch, _detection))
        {
            // A record older than what the detectors swept past (committed later with an earlier time: an import, a
            // replayed spool) would meet state already forgotten: rebuild it from the trail up to the newest record
            // handled, which reads the late records too, so the episodes they belong to are found whole.
            _detection = await RebuildAsync(AuditReviewTime.After(_newest, TimeSpan.FromTicks(1)), cancellationToken).ConfigureAwait(false);
        }

        // A batch that comes again (a sink failed) was observed already: only its alerts are still due. A record the
        // rebuild read before it was handled is not observed twice, but the rebuilt episodes it is evidence of are due.
        var unseen = batch.Where(e => e.Sequence > _handled).Select(e => e.Record).ToList();
        var due = Due(unseen.Where(r => _primed.Contains(r.Id)));
        var fresh = unseen.Where(r => !_primed.Contains(r.Id)).ToList();
        fresh.Sort(AuditReviewOrder.Compare);
        foreach (var record in fresh)
        {
            _detection.Observe(record);
            _newest = record.OccurredAt > _newest ? record.OccurredAt : _newest;
        }

        _handled = Math.Max(_handled, batch.Max(e => e.Sequence));
        var alerting = new List<AuditFinding>();
        foreach (var finding in _detection.Found.Reported)
        {
            var wasDue = due.Remove(finding.Id);
            if (_alerted.Add(finding.Id) || wasDue)
            {
                alerting.Add(finding);
            }
        }

        alerting.AddRange(due.Values);
        _detection.Found.Clear();
        Enqueue(alerting);
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a login or change of the batch, not seen yet, is more than a sweep interval older than the detectors'
    /// last sweep, yet within the longest burst window of the newest record: the state it needs may be swept, and a
    /// rebuild reads it back. An older record (an import of history) gains nothing from a rebuild, which reads the
    /// windows before now.
    /// </summary>
    private bool IsLate(IReadOnlyList<AuditFeedEntry> batch, AuditDetection detection)
    {
        var swept = detection.LastSweep;
        if (swept <= DateTimeOffset.MinValue + AuditDetection.SweepInterval)
        {
            return false;
        }

        var o = detection.Options;
        var span = new[] { o.BruteForce.Window, o.PasswordSpraying.Window, o.BulkDelete.Window, o.Maintenance.EpisodeGap }.Max();
        var oldest = AuditReviewTime.Before(_newest, span);
        return batch.Any(e => e.Sequence > _handled
            && e.Record.OccurredAt < swept - AuditDetection.SweepInterval
            && e.Record.OccurredAt >= oldest
            && (e.Record.Action is AuditActions.LoginFailed or AuditActions.LoginSucceeded || e.Record.ActionType is AuditActionType.Create or AuditActionType.Update or AuditActionType.Delete)
            && !_primed.Contains(e.Record.Id));
    }

    /// <summary>The rebuilt findings that <paramref name="records"/> (read by the rebuild, handled only now) are evidence of, by id.</summary>
    private Dictionary<string, AuditFinding> Due(IEnumerable<AuditRecord> records)
    {
        var due = new Dictionary<string, AuditFinding>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (_primedFindings.Remove(record.Id, out var findings))
            {
                foreach (var finding in findings.Where(f => !_recorded.Contains(f.Id) && !_alertedBefore.Contains(f.Id)))
                {
                    due.TryAdd(finding.Id, finding);
                }
            }
        }

        // Each is due once: the other evidence records no longer point at it.
        if (due.Count > 0)
        {
            foreach (var list in _primedFindings.Values)
            {
                list.RemoveAll(f => due.ContainsKey(f.Id));
            }
        }

        return due;
    }

    /// <summary>Queues the findings for the sinks, but those whose episode ended <see cref="AuditReviewOptions.MaxAlertAge"/> or longer ago.</summary>
    private void Enqueue(List<AuditFinding> findings)
    {
        // Without a MaxAlertAge nothing is history, also an episode that ended at the calendar's first instant.
        DateTimeOffset? oldest = options.Value.MaxAlertAge is { } age ? AuditReviewTime.Before(timeProvider.GetUtcNow(), age) : null;
        var history = 0;
        var standing = _detection!.Standing().Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (finding.End <= oldest)
            {
                if (standing.Contains(finding.Id))
                {
                    _deferred[finding.Id] = finding;
                }
                else
                {
                    history++;
                }

                continue;
            }

            _pending.Enqueue(new Pending(finding));
        }

        // A deferred finding that stopped holding is history; one that holds once the feed reached the records within
        // MaxAlertAge (the trail before them is history being read) holds now: it is alerted.
        foreach (var (id, finding) in _deferred)
        {
            if (!standing.Contains(id))
            {
                _deferred.Remove(id);
                history++;
            }
            else if (_newest > oldest)
            {
                _deferred.Remove(id);
                _pending.Enqueue(new Pending(finding));
            }
        }

        _handedOver.UnionWith(findings.Select(f => f.Id));

        if (history > 0)
        {
            LogHistory(history, options.Value.MaxAlertAge!.Value);
        }
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        while (_pending.TryPeek(out var pending))
        {
            for (var i = 0; i < _sinks.Length; i++)
            {
                if (!pending.Delivered.Contains(i))
                {
                    await _sinks[i].AlertAsync(pending.Finding, cancellationToken).ConfigureAwait(false);
                    pending.Delivered.Add(i);
                }
            }

            _pending.Dequeue();
        }
    }

    /// <summary>
    /// Rebuilds the detectors' state from the trail before <paramref name="start"/>. After a start or a takeover
    /// (<paramref name="batch"/> given), the episodes the handled records alone show were alerted by the instance that
    /// handled them, so a record read here but not handled yet makes only a new episode due, not one alerted before.
    /// </summary>
    private async Task<AuditDetection> RebuildAsync(DateTimeOffset start, CancellationToken cancellationToken, IReadOnlyList<AuditFeedEntry>? batch = null)
    {
        var detection = new AuditDetection(options.Value, trailOptions.Value.Retention.Period, geo);
        var read = new HashSet<Guid>();
        detection.Found.Priming = true;
        await foreach (var record in Rebuilding(detection, start, cancellationToken).ConfigureAwait(false))
        {
            detection.Observe(record);
            read.Add(record.Id);
            _newest = record.OccurredAt > _newest ? record.OccurredAt : _newest;
        }

        detection.Found.Priming = false;
        _alerted.UnionWith(detection.Found.PrimedIds);
        if (batch is not null)
        {
            _alertedBefore = await AlertedBeforeAsync(read, detection, start, batch, cancellationToken).ConfigureAwait(false);
        }

        _primed = read;
        _primedFindings = [];
        foreach (var finding in detection.Found.Primed.Where(f => !_handedOver.Contains(f.Id)))
        {
            foreach (var id in finding.EvidenceIds)
            {
                if (!_primedFindings.TryGetValue(id, out var list))
                {
                    _primedFindings[id] = list = [];
                }

                list.Add(finding);
            }
        }

        var recorded = AuditFilter.All with { Actions = [AuditActions.ReviewFinding], From = AuditReviewTime.Before(start, RecordedLookback) };
        await foreach (var record in store.StreamAsync(recorded, cancellationToken).ConfigureAwait(false))
        {
            if (record.Metadata.TryGetValue(AuditEventAlertSink.FindingIdKey, out var id))
            {
                _alerted.Add(id);
                _recorded.Add(id);
            }
        }

        return detection;
    }

    /// <summary>The records the detectors need before <paramref name="start"/>, in time order, streamed a window at a time.</summary>
    private IAsyncEnumerable<AuditRecord> Rebuilding(AuditDetection detection, DateTimeOffset start, CancellationToken cancellationToken) =>
        // The trail's stops as far back as an alert may be due: a stop handled before a restart (the host that stopped
        // ran this consumer) is alerted once the start after it shows the gap.
        new AuditReviewReads(store, detection, windows).ReadAsync(
            AuditFilter.All, start, start, start, cancellationToken,
            options.Value.MaxAlertAge is { } age ? AuditReviewTime.Before(start, age) : DateTimeOffset.MinValue);

    /// <summary>
    /// The ids of the episodes that the rebuilt records the consumer had handled show on their own (alerted by whoever
    /// handled them). The records not handled yet are those of <paramref name="batch"/> and of the feed after it; when
    /// the feed cannot be read to tell them apart, none counts as alerted before (a finding may then come again). When
    /// every record <paramref name="read"/> was handled, those are the episodes <paramref name="rebuilt"/> found; else
    /// the records are read again, and those handled observed on their own.
    /// </summary>
    private async Task<HashSet<string>> AlertedBeforeAsync(HashSet<Guid> read, AuditDetection rebuilt, DateTimeOffset start, IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken)
    {
        var unhandled = batch.Select(e => e.Record.Id).Where(read.Contains).ToHashSet();
        if (read.Count > 0 && store is IAuditChainStore chain)
        {
            try
            {
                await foreach (var entry in chain.ReadChainAsync(batch[^1].Sequence, cancellationToken).ConfigureAwait(false))
                {
                    if (read.Contains(entry.Record.Id))
                    {
                        unhandled.Add(entry.Record.Id);
                    }
                }
            }
            catch (AuditUnreadableRowException)
            {
                return new HashSet<string>(StringComparer.Ordinal);
            }
        }
        else if (read.Count > 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        if (unhandled.Count == 0)
        {
            return new HashSet<string>(rebuilt.Found.PrimedIds, StringComparer.Ordinal);
        }

        // Read again: a record committed since (not read the first time) is left out, as one not handled.
        var detection = new AuditDetection(options.Value, trailOptions.Value.Retention.Period, geo);
        detection.Found.Priming = true;
        await foreach (var record in Rebuilding(detection, start, cancellationToken).ConfigureAwait(false))
        {
            if (read.Contains(record.Id) && !unhandled.Contains(record.Id))
            {
                detection.Observe(record);
            }
        }

        return new HashSet<string>(detection.Found.PrimedIds, StringComparer.Ordinal);
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "The continuous review found {Count} episode(s) that ended {MaxAlertAge} or longer ago (AuditReviewOptions.MaxAlertAge); they are not alerted, and a review of their period reports them.")]
    private partial void LogHistory(int count, TimeSpan maxAlertAge);

    private sealed class Pending(AuditFinding finding)
    {
        public AuditFinding Finding { get; } = finding;

        public HashSet<int> Delivered { get; } = [];
    }
}
