using System.Collections.Concurrent;

namespace AuditTrail;

/// <summary>
/// The narrow reads a review (or the alerts' restart) makes: only the action codes and types the enabled detectors
/// look at, each over the time it needs (the period, plus the windows and baselines before it), merged into time order.
/// The many rows of the change and departed-actor reads come as summaries (<see cref="IAuditSummaryStore"/>), when the
/// store has them: their detectors look at no text, changes or metadata, and every record whose detector does
/// (logins, exports, account and trail records) also comes whole from a read of its own, which wins.
/// </summary>
internal sealed class AuditReviewReads(IAuditStore store, AuditDetection detection)
{
    /// <summary>How many reads run at once.</summary>
    private const int Parallelism = 4;

    /// <summary>Past this many departed actors, reads name them in lists of this size (databases bound the number of parameters).</summary>
    private const int ActorChunk = 200;

    private readonly AuditReviewOptions _options = detection.Options;

    /// <summary>
    /// The records the detectors need for [<paramref name="from"/>, <paramref name="to"/>), in time order, those of the
    /// lifecycle after <paramref name="to"/> up to <paramref name="lifecycleEnd"/> (a start that follows a stop).
    /// </summary>
    public async Task<List<AuditRecord>> ReadAsync(AuditFilter scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset lifecycleEnd, CancellationToken cancellationToken)
    {
        var o = _options;
        var burst = Max(o.BruteForce.Window, o.PasswordSpraying.Window);
        var changes = detection.RunsMaintenance ? [AuditActionType.Create, AuditActionType.Update, AuditActionType.Delete] : new[] { AuditActionType.Delete };
        var changesFrom = AuditReviewTime.Before(from, Max(o.BulkDelete.Window, o.Maintenance.EpisodeGap));
        List<AuditFilter> reads =
        [
            scope with { Actions = [AuditActions.AuditExported], From = from, To = to },
            scope with { Actions = [AuditActions.LoginFailed], From = AuditReviewTime.Before(from, burst), To = to },
            scope with { Actions = [AuditActions.LoginSucceeded], From = AuditReviewTime.Before(from, Max(o.LoginBaseline.Period, burst)), To = to },

            // Who is departed, who is an admin, who has MFA: rare records, read over the whole trail before the end.
            scope with { Actions = [.. DepartedActorDetector.StateActions.Union(PrivilegeDetector.StateActions)], To = to },
            // From the start of the change read at the latest: a purge is a delete, and its summary lacks the metadata.
            scope with { Actions = TrailGapDetector.Actions, From = Min(AuditReviewTime.Before(from, o.MaxRestartGap), changesFrom), To = to },
        ];
        if (lifecycleEnd > to)
        {
            reads.Add(scope with { Actions = [AuditActions.AuditStarted], From = to, To = lifecycleEnd });
        }

        var records = new Dictionary<Guid, AuditRecord>();
        await ReadAllAsync(reads, [scope with { ActionTypes = changes, From = changesFrom, To = to }], records, cancellationToken).ConfigureAwait(false);

        // Everything the departed did in the period: their ids are known once the state records are read.
        var watched = DepartedIds(records.Values);
        if (watched.Length > 0)
        {
            await ReadAllAsync([], [scope with { ActorIds = watched, From = from, To = to }], records, cancellationToken).ConfigureAwait(false);
        }

        var ordered = records.Values.ToList();
        ordered.Sort(AuditReviewOrder.Compare);
        return ordered;
    }

    /// <summary>
    /// Runs the reads side by side (a few at a time), one read per action code, type or actor: with a single value the
    /// store's (column, occurred_at, id) index yields the rows in order, where a list would sort every match again for
    /// each keyset page. A whole record replaces the summary of the same id.
    /// </summary>
    private async Task ReadAllAsync(IEnumerable<AuditFilter> whole, IEnumerable<AuditFilter> summaries, Dictionary<Guid, AuditRecord> records, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<(bool Summary, List<AuditRecord> Records)>();
        await Parallel.ForEachAsync(
            summaries.SelectMany(Split).Select(f => (Summary: true, Filter: f)).Concat(whole.SelectMany(Split).Select(f => (Summary: false, Filter: f))),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (read, token) =>
            {
                var found = new List<AuditRecord>();
                var stream = read.Summary && store is IAuditSummaryStore narrow ? narrow.StreamSummariesAsync(read.Filter, token) : store.StreamAsync(read.Filter, token);
                await foreach (var record in stream.ConfigureAwait(false))
                {
                    found.Add(record);
                }

                results.Add((read.Summary, found));
            }).ConfigureAwait(false);
        records.EnsureCapacity(records.Count + results.Sum(r => r.Records.Count));
        foreach (var (summary, found) in results.OrderBy(r => r.Summary))
        {
            foreach (var record in found)
            {
                if (!summary)
                {
                    records[record.Id] = record;
                }
                else
                {
                    records.TryAdd(record.Id, record);
                }
            }
        }
    }

    /// <summary>The ids whose later actions may be a departed actor's: deactivated users, their API keys, revoked keys.</summary>
    private static string[] DepartedIds(IEnumerable<AuditRecord> records)
    {
        var deactivated = records.Where(r => r.Action == AuditActions.AccountDeactivated)
            .Select(r => r.TargetUser?.Id ?? r.Resource?.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var keys = records.Where(r => (r.Action == AuditActions.ApiKeyCreated && deactivated.Contains(r.Actor.Id))
                || r.Action is AuditActions.ApiKeyDeleted or AuditActions.ApiKeyExpired)
            .Select(r => r.Resource?.Id).OfType<string>();
        return [.. deactivated.Union(keys, StringComparer.Ordinal)];
    }

    /// <summary>The filter as one filter per action code, action type or actor (few actors at a time past <see cref="ActorChunk"/>).</summary>
    private static IEnumerable<AuditFilter> Split(AuditFilter filter) =>
        filter.Actions.Count > 1 ? filter.Actions.Select(a => filter with { Actions = [a] })
        : filter.ActionTypes.Count > 1 ? filter.ActionTypes.Select(t => filter with { ActionTypes = [t] })
        : filter.ActorIds.Count > ActorChunk ? filter.ActorIds.Chunk(ActorChunk).Select(ids => filter with { ActorIds = ids })
        : filter.ActorIds.Count > 1 ? filter.ActorIds.Select(id => filter with { ActorIds = [id] })
        : [filter];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
