using System.Runtime.CompilerServices;

namespace AuditTrail;

/// <summary>
/// The narrow reads a review (or the alerts' restart) makes: only the action codes and types the enabled detectors
/// look at, each over the time it needs (the period, plus the windows and baselines before it), merged into time order.
/// The many rows of the change and departed-actor reads come as summaries (<see cref="IAuditSummaryStore"/>), when the
/// store has them: their detectors look at no text, changes or metadata, and every record whose detector does
/// (logins, exports, account and trail records) also comes whole from a read of its own, which wins. The rare state
/// records (who is departed, who is an admin) are read first, whole; each other read in consecutive time windows of its
/// own (<see cref="AuditReviewWindowWalk"/>), so that about two windows' records a read are held at once.
/// </summary>
internal sealed class AuditReviewReads(IAuditStore store, AuditDetection detection, AuditReviewWindows? windows = null)
{
    /// <summary>Past this many departed actors, reads name them in lists of this size (databases bound the number of parameters).</summary>
    private const int ActorChunk = 200;

    private readonly AuditReviewOptions _options = detection.Options;

    private readonly AuditReviewWindows _windows = windows ?? AuditReviewWindows.Default;

    /// <summary>
    /// The records the detectors need for [<paramref name="from"/>, <paramref name="to"/>), in time order, those of the
    /// lifecycle after <paramref name="to"/> up to <paramref name="lifecycleEnd"/> (a start that follows a stop).
    /// </summary>
    public async IAsyncEnumerable<AuditRecord> ReadAsync(
        AuditFilter scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset lifecycleEnd, [EnumeratorCancellation] CancellationToken cancellationToken, DateTimeOffset? stopsFrom = null)
    {
        var o = _options;
        var burst = Max(o.BruteForce.Window, o.PasswordSpraying.Window);
        var changes = detection.RunsMaintenance ? [AuditActionType.Create, AuditActionType.Update, AuditActionType.Delete] : new[] { AuditActionType.Delete };
        var changesFrom = AuditReviewTime.Before(from, Max(o.BulkDelete.Window, o.Maintenance.EpisodeGap));

        // Who is departed, who is an admin, who has MFA: rare records, read over the whole trail before the end.
        var stateRead = Split(scope with { Actions = [.. DepartedActorDetector.StateActions.Union(PrivilegeDetector.StateActions)], To = to }, summary: false);
        var state = await AuditReviewRead.ReadAllAsync(store, [.. stateRead], cancellationToken).ConfigureAwait(false);

        List<AuditFilter> whole =
        [
            scope with { Actions = [AuditActions.AuditExported], From = from, To = to },
            scope with { Actions = [AuditActions.LoginFailed], From = AuditReviewTime.Before(from, burst), To = to },
            scope with { Actions = [AuditActions.LoginSucceeded], From = AuditReviewTime.Before(from, Max(o.LoginBaseline.Period, burst)), To = to },
            // From the start of the change read at the latest: a purge is a delete, and its summary lacks the metadata.
            scope with { Actions = [AuditActions.AuditVerified, AuditActions.AuditPurged], From = Min(AuditReviewTime.Before(from, o.MaxRestartGap), changesFrom), To = to },
            // The stops and starts from stopsFrom when it is earlier: the continuous review's rebuild, for a stop handled
            // before a restart whose start only comes after it.
            scope with { Actions = [AuditActions.AuditStopped, AuditActions.AuditStarted], From = Min(AuditReviewTime.Before(from, o.MaxRestartGap), Min(changesFrom, stopsFrom ?? changesFrom)), To = to },
        ];
        if (lifecycleEnd > to)
        {
            whole.Add(scope with { Actions = [AuditActions.AuditStarted], From = to, To = lifecycleEnd });
        }

        List<AuditFilter> summaries = [scope with { ActionTypes = changes, From = changesFrom, To = to }];

        // Everything the departed did in the period: their ids are known once the state records are read.
        var watched = DepartedIds(state.Values);
        if (watched.Length > 0)
        {
            summaries.Add(scope with { ActorIds = watched, From = from, To = to });
        }

        List<AuditReviewRead> reads = [.. summaries.SelectMany(f => Split(f, summary: true)), .. whole.SelectMany(f => Split(f, summary: false))];
        var stateOrdered = state.Values.ToList();
        stateOrdered.Sort(AuditReviewOrder.Compare);
        var next = 0;
        await foreach (var record in new AuditReviewWindowWalk(store, _windows).ReadAsync(reads, cancellationToken).ConfigureAwait(false))
        {
            // The state records are observed at their place in time; a state record read again by a window read is the same record.
            if (state.ContainsKey(record.Id))
            {
                continue;
            }

            for (; next < stateOrdered.Count && AuditReviewOrder.Compare(stateOrdered[next], record) < 0; next++)
            {
                yield return stateOrdered[next];
            }

            yield return record;
        }

        for (; next < stateOrdered.Count; next++)
        {
            yield return stateOrdered[next];
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

    /// <summary>
    /// The filter as one read per action code, action type or actor (few actors at a time past <see cref="ActorChunk"/>):
    /// with a single value the store's (column, occurred_at, id) index yields the rows in order, where a list would
    /// sort every match again for each keyset page.
    /// </summary>
    private static IEnumerable<AuditReviewRead> Split(AuditFilter filter, bool summary) =>
        (filter.Actions.Count > 1 ? filter.Actions.Select(a => filter with { Actions = [a] })
        : filter.ActionTypes.Count > 1 ? filter.ActionTypes.Select(t => filter with { ActionTypes = [t] })
        : filter.ActorIds.Count > ActorChunk ? filter.ActorIds.Chunk(ActorChunk).Select(ids => filter with { ActorIds = ids })
        : filter.ActorIds.Count > 1 ? filter.ActorIds.Select(id => filter with { ActorIds = [id] })
        : [filter]).Select(f => new AuditReviewRead(f, summary));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
