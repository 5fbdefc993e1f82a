namespace AuditTrail;

/// <summary>
/// <see cref="AuditDetectors.PrivilegeEscalation"/> (a role or permission change granting admin; critical when the
/// actor grants it to itself) and <see cref="AuditDetectors.AdminWithoutMfa"/> (an admin whose latest MFA event
/// disabled it, or who has none). Who is an admin is learnt from the grants and revocations in the trail.
/// </summary>
internal sealed class PrivilegeDetector(AuditReviewOptions options) : AuditDetector
{
    /// <summary>The actions that change who is an admin and who has MFA: read over the whole trail before a review or a restart.</summary>
    public static readonly string[] StateActions =
        [AuditActions.RoleChanged, AuditActions.PermissionChanged, AuditActions.MfaEnabled, AuditActions.MfaDisabled, AuditActions.AccountDeactivated];

    private static readonly char[] Separators = [',', ';', '|'];
    private readonly AuditAdminOptions _admins = options.Admins;
    private readonly Dictionary<string, AuditRecord> _grants = new(StringComparer.Ordinal);

    // What makes each admin one: the role, the admin permissions; revoking one leaves the others standing.
    private readonly Dictionary<string, HashSet<string>> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditRecord> _mfa = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditFinding> _withoutMfa = new(StringComparer.Ordinal);
    private readonly bool _escalation = options.IsEnabled(AuditDetectors.PrivilegeEscalation);
    private readonly bool _noMfa = options.IsEnabled(AuditDetectors.AdminWithoutMfa);

    public override void Observe(AuditRecord record, AuditFindingCollector found)
    {
        if (record.Outcome != AuditOutcome.Success || (record.TargetUser?.Id ?? record.Resource?.Id) is not { } subject)
        {
            return;
        }

        var key = AuditFindingIds.Key(record.TenantId, subject);
        switch (record.Action)
        {
            case AuditActions.RoleChanged or AuditActions.PermissionChanged:
                var (change, source) = AdminChange(record);
                if (change > 0)
                {
                    Escalation(record, key, subject, found);
                    if (IsUser(record))
                    {
                        _grants[key] = record;
                        Held(key).Add(source!);
                    }
                }
                else if (change < 0 && _held.TryGetValue(key, out var held) && held.Remove(source!) && held.Count == 0)
                {
                    _held.Remove(key);
                    _grants.Remove(key);
                }

                break;
            case AuditActions.MfaEnabled or AuditActions.MfaDisabled:
                _mfa[key] = record;
                break;
            case AuditActions.AccountDeactivated:
                _grants.Remove(key);
                _held.Remove(key);
                break;
            default:
                return;
        }

        Update(record, key, subject, found);
    }

    public override IEnumerable<AuditFinding> Standing() => _withoutMfa.Values;

    private void Escalation(AuditRecord record, string key, string subject, AuditFindingCollector found)
    {
        if (!_escalation)
        {
            return;
        }

        var self = string.Equals(record.Actor.Id, subject, StringComparison.Ordinal);
        var target = record.TargetUser?.DisplayName ?? record.Resource?.Name ?? subject;
        var what = record.Action == AuditActions.RoleChanged
            ? $"the admin role {record.Changes.First(IsRole).NewValue}"
            : $"the admin permission {record.Metadata["permission"]}";
        var summary = self
            ? $"'{AuditReviewText.Name(record.Actor)}' granted themselves {what}"
            : $"'{AuditReviewText.Name(record.Actor)}' granted '{target}' {what}";
        found.Report(new AuditEpisode(AuditDetectors.PrivilegeEscalation, key, options.MaxEvidenceIds).Add(record)
            .ToFinding(self ? AuditFindingSeverity.Critical : AuditFindingSeverity.Medium, summary, record.Actor.Id));
    }

    private void Update(AuditRecord record, string key, string subject, AuditFindingCollector found)
    {
        var lacksMfa = _grants.ContainsKey(key) && !(_mfa.TryGetValue(key, out var mfa) && mfa.Action == AuditActions.MfaEnabled);
        if (!lacksMfa)
        {
            _withoutMfa.Remove(key);
            return;
        }

        if (!_noMfa || _withoutMfa.ContainsKey(key))
        {
            return;
        }

        var grant = _grants[key];
        var episode = new AuditEpisode(AuditDetectors.AdminWithoutMfa, key, options.MaxEvidenceIds).Add(record);
        if (record.Id != grant.Id)
        {
            episode.Add(grant);
        }

        var name = grant.TargetUser?.DisplayName ?? grant.Resource?.Name ?? subject;
        var state = _mfa.TryGetValue(key, out var disabled) ? $"disabled MFA on {AuditReviewText.Time(disabled.OccurredAt)}" : "has no MFA event in the trail";
        var finding = episode.ToFinding(AuditFindingSeverity.High, $"Admin '{name}' (admin since {AuditReviewText.Time(grant.OccurredAt)}) {state}", subject);
        _withoutMfa[key] = finding;
        found.Report(finding);
    }

    /// <summary>Whether the record grants (1) or revokes (-1) an admin role or permission, and which one.</summary>
    private (int Change, string? Source) AdminChange(AuditRecord record)
    {
        if (record.Action == AuditActions.PermissionChanged)
        {
            if (!record.Metadata.TryGetValue("permission", out var permission) || !_admins.PermissionNames.Contains(permission.Trim()))
            {
                return (0, null);
            }

            var source = "permission:" + permission.Trim().ToUpperInvariant();
            return (record.Metadata.TryGetValue("granted", out var granted) && bool.TryParse(granted, out var yes) && !yes ? -1 : 1, source);
        }

        var role = record.Changes.FirstOrDefault(IsRole);
        if (role is null)
        {
            return (0, null);
        }

        var before = IsAdmin(role.OldValue);
        var after = IsAdmin(role.NewValue);
        return (after && !before ? 1 : before && !after ? -1 : 0, "role");
    }

    private HashSet<string> Held(string key)
    {
        if (!_held.TryGetValue(key, out var held))
        {
            _held[key] = held = new HashSet<string>(StringComparer.Ordinal);
        }

        return held;
    }

    private bool IsAdmin(string? roles) =>
        roles is not null && roles.Split(Separators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(_admins.RoleNames.Contains);

    /// <summary>Whether the record is about a user account (a permission may also be granted to a role).</summary>
    private static bool IsUser(AuditRecord record) =>
        record.TargetUser is not null || string.Equals(record.Resource?.Type, "user", StringComparison.OrdinalIgnoreCase);

    private static bool IsRole(AuditFieldChange change) =>
        change.Field.Equals("role", StringComparison.OrdinalIgnoreCase) || change.Field.Equals("roles", StringComparison.OrdinalIgnoreCase);
}
