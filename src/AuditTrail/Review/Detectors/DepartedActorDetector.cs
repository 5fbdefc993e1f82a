namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.DepartedActorActive"/>: a successful action by an actor after that actor's
/// <see cref="AuditActions.AccountDeactivated"/> (or an API key's deletion or expiry), or by an API key the deactivated
/// user created (<see cref="AuditActions.ApiKeyCreated"/>). A later <see cref="AuditActions.AccountCreated"/> of the
/// same id reactivates it.
/// </summary>
internal sealed class DepartedActorDetector(AuditReviewOptions options) : AuditDetector
{
    /// <summary>The actions that change who is departed: read over the whole trail before a review or a restart.</summary>
    public static readonly string[] StateActions =
        [AuditActions.AccountDeactivated, AuditActions.AccountCreated, AuditActions.ApiKeyCreated, AuditActions.ApiKeyDeleted, AuditActions.ApiKeyExpired];

    private readonly Dictionary<string, AuditRecord> _departed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keyOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditEpisode> _episodes = new(StringComparer.Ordinal);

    /// <summary>The actor ids whose actions matter now: departed actors and the API keys of departed users.</summary>
    public IEnumerable<string> WatchedActorIds =>
        _departed.Keys.Concat(_keyOwners.Where(k => _departed.ContainsKey(k.Value)).Select(k => k.Key))
            .Select(key => key[(key.IndexOf('\u001f', StringComparison.Ordinal) + 1)..]).Distinct(StringComparer.Ordinal);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        switch (record.Action)
        {
            case AuditActions.AccountDeactivated when SubjectOf(record) is { } user:
                _departed[AuditFindingIds.Key(record.TenantId, user)] = record;
                return;
            case AuditActions.AccountCreated when SubjectOf(record) is { } user:
                _departed.Remove(AuditFindingIds.Key(record.TenantId, user));
                return;
            case AuditActions.ApiKeyCreated when record.Resource?.Id is { } keyId:
                _keyOwners[AuditFindingIds.Key(record.TenantId, keyId)] = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
                return;
            case AuditActions.ApiKeyDeleted or AuditActions.ApiKeyExpired when record.Resource?.Id is { } keyId:
                _departed.TryAdd(AuditFindingIds.Key(record.TenantId, keyId), record);
                return;
        }

        if (record.Outcome != AuditOutcome.Success || record.Actor.Type is AuditActorType.System or AuditActorType.Anonymous)
        {
            return;
        }

        var actor = AuditFindingIds.Key(record.TenantId, record.Actor.Id);
        var departedAs = _departed.TryGetValue(actor, out var own) ? actor
            : _keyOwners.TryGetValue(actor, out var owner) && _departed.ContainsKey(owner) ? owner
            : null;
        if (departedAs is null || _departed[departedAs] is not { } deactivation || record.OccurredAt <= deactivation.OccurredAt)
        {
            return;
        }

        var key = string.Concat(actor, "\u001f", deactivation.Id.ToString("D"));
        if (!_episodes.TryGetValue(key, out var episode))
        {
            _episodes[key] = episode = new AuditEpisode(AuditDetectors.DepartedActorActive, key, options.MaxEvidenceIds).Add(deactivation);
        }

        episode.Add(record);
        var how = own is not null
            ? $"after {(deactivation.Action == AuditActions.AccountDeactivated ? "the account was deactivated" : "the API key was revoked")}"
            : $"(an API key of '{deactivation.TargetUser?.DisplayName ?? deactivation.Resource?.Name ?? departedAs}') after that user was deactivated";
        found.Report(episode.ToFinding(
            AuditFindingSeverity.High,
            $"'{AuditReviewText.Name(record.Actor)}' acted {AuditReviewText.Count(episode.Count - 1, "time")} {how} on {AuditReviewText.Time(deactivation.OccurredAt)}",
            record.Actor.Id));
    }

    /// <summary>The account a deactivation or creation is about: its target user, else its user resource.</summary>
    private static string? SubjectOf(AuditRecord record) => record.TargetUser?.Id ?? record.Resource?.Id;
}
