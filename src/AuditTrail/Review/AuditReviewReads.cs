
namespace AuditTrail;

/// <summary>
/// The narrow reads a review (or the alerts' restart) makes: only the action codes and types the enabled detectors
/// look at, each over the time it needs (the period, plus the windows and baselines before it), merged into time order.
/// </summary>
internal sealed class AuditReviewReads(IAuditStore store, AuditDetection detection)
{
    /// <summary>The most actor ids one read names (databases bound the number of parameters).</summary>
    private const int ActorChunk = 500;

    private readonly AuditReviewOptions _options = detection.Options;

    /// <summary>How far before a period the detectors need records: the longest window or baseline.</summary>
    public TimeSpan Lookback => new[]
    {
        _options.BruteForce.Window, _options.PasswordSpraying.Window, _options.BulkDelete.Window, _options.LoginBaseline.Period,
        _options.Maintenance.EpisodeGap, _options.MaxRestartGap,
    }.Max();

    /// <summary>
    /// The records the detectors need for [<paramref name="from"/>, <paramref name="to"/>), in time order, those of the
    /// lifecycle after <paramref name="to"/> up to <paramref name="lifecycleEnd"/> (a start that follows a stop).
    /// </summary>
    public async Task<List<AuditRecord>> ReadAsync(AuditFilter scope, DateTimeOffset from, DateTimeOffset to, DateTimeOffset lifecycleEnd, CancellationToken cancellationToken)
    {
        var records = new Dictionary<Guid, AuditRecord>();
        async Task Read(AuditFilter filter)
        {
            await foreach (var record in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
            {
                records.TryAdd(record.Id, record);
            }
        }

        var o = _options;
        var burst = Max(o.BruteForce.Window, o.PasswordSpraying.Window);
        await Read(scope with { Actions = [AuditActions.LoginFailed], From = from - burst, To = to }).ConfigureAwait(false);
        await Read(scope with { Actions = [AuditActions.LoginSucceeded], From = from - Max(o.LoginBaseline.Period, burst), To = to }).ConfigureAwait(false);

        // Who is departed, who is an admin, who has MFA: rare records, read over the whole trail before the end.
        await Read(scope with { Actions = [.. DepartedActorDetector.StateActions.Union(PrivilegeDetector.StateActions)], To = to }).ConfigureAwait(false);
        var changes = detection.RunsMaintenance ? [AuditActionType.Create, AuditActionType.Update, AuditActionType.Delete] : new[] { AuditActionType.Delete };
        await Read(scope with { ActionTypes = changes, From = from - Max(o.BulkDelete.Window, o.Maintenance.EpisodeGap), To = to }).ConfigureAwait(false);
        await Read(scope with { Actions = [AuditActions.AuditExported], From = from, To = to }).ConfigureAwait(false);
        await Read(scope with { Actions = TrailGapDetector.Actions, From = from - o.MaxRestartGap, To = to }).ConfigureAwait(false);
        if (lifecycleEnd > to)
        {
            await Read(scope with { Actions = [AuditActions.AuditStarted], From = to, To = lifecycleEnd }).ConfigureAwait(false);
        }

        // Everything the departed did in the period: their ids are known once the state records are read.
        var watched = DepartedIds(records.Values);
        foreach (var chunk in watched.Chunk(ActorChunk))
        {
            await Read(scope with { ActorIds = chunk, From = from, To = to }).ConfigureAwait(false);
        }

        var ordered = records.Values.ToList();
        ordered.Sort(AuditReviewOrder.Compare);
        return ordered;
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
