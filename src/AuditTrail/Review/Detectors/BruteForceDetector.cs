namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.BruteForce"/> (failed logins for one account) and
/// <see cref="AuditDetectors.SuccessAfterFailures"/> (a login of that account while the burst is open, or within its
/// window after the last failure).
/// </summary>
internal sealed class BruteForceDetector(AuditReviewOptions options) : AuditDetector
{
    private readonly AuditBurstTracker _failures = new(AuditDetectors.BruteForce, options.BruteForce, options.MaxEvidenceIds);
    private readonly Dictionary<string, AuditEpisode> _successes = new(StringComparer.Ordinal);
    private readonly bool _bruteForce = options.IsEnabled(AuditDetectors.BruteForce);
    private readonly bool _success = options.IsEnabled(AuditDetectors.SuccessAfterFailures);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (record.Action == AuditActions.LoginFailed)
        {
            var key = AuditFindingIds.Key(record.TenantId, AccountOf(record));
            if (_failures.Add(key, record) is { } episode)
            {
                episode.Label ??= UserNameOf(record);
                if (_bruteForce)
                {
                    found.Report(episode.ToFinding(AuditFindingSeverity.High, Burst(episode, episode.Label), ActorOf(record, episode.Label)));
                }
            }
        }
        else if (record.Action == AuditActions.LoginSucceeded && _success && record.Outcome == AuditOutcome.Success)
        {
            // The burst may be keyed by the account (a failure for a known user) or by the name as typed.
            var key = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
            var burst = new[] { record.Actor.Id, record.Actor.Id.ToUpperInvariant(), record.Actor.DisplayName?.ToUpperInvariant(), record.Resource?.Name?.ToUpperInvariant() }
                .OfType<string>()
                .Select(account => _failures.Open(AuditFindingIds.Key(record.TenantId, account), record.OccurredAt))
                .FirstOrDefault(open => open is not null);
            if (burst is null)
            {
                return;
            }

            if (!_successes.TryGetValue(burst.Id, out var compromise))
            {
                _successes[burst.Id] = compromise = burst.CopyAs(AuditDetectors.SuccessAfterFailures, key);
            }

            compromise.Add(record);
            var name = burst.Label ?? UserNameOf(record);
            found.Report(compromise.ToFinding(AuditFindingSeverity.Critical, Burst(burst, name) + ", then a success", ActorOf(record, name), burst.SingleSourceIp));
        }
    }

    public override void Advance(DateTimeOffset now, AuditFindingCollector found)
    {
        _failures.Sweep(now);
        foreach (var (id, episode) in _successes)
        {
            if (now - episode.End > _failures.Window)
            {
                _successes.Remove(id);
            }
        }
    }

    /// <summary>"12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes".</summary>
    private static string Burst(AuditEpisode burst, string name) =>
        $"{AuditReviewText.Count(burst.Count, "failed login")} for '{name}'{burst.FromText} {AuditReviewText.Span(burst.Start, burst.End)}";

    /// <summary>Whom a finding is about: the known account's id (the actor a viewer filters by), else the name as typed.</summary>
    private static string ActorOf(AuditRecord record, string typed) =>
        record.Actor.Type != AuditActorType.Anonymous ? record.Actor.Id : typed;

    /// <summary>The account a failed login is for: the known account's id, else the attempted name.</summary>
    private static string AccountOf(AuditRecord record) =>
        record.Actor.Type != AuditActorType.Anonymous ? record.Actor.Id : UserNameOf(record).ToUpperInvariant();

    /// <summary>The user name as typed (metadata <c>attempted_user</c>), else the resource's name, else the actor.</summary>
    public static string UserNameOf(AuditRecord record) =>
        record.Metadata.TryGetValue("attempted_user", out var name) && !string.IsNullOrWhiteSpace(name) ? name
        : record.Action == AuditActions.LoginFailed && record.Resource?.Name is { Length: > 0 } typed ? typed
        : AuditReviewText.Name(record.Actor);
}
