using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The verifier's judgement of a tombstone (docs/integrity.md): expected when its content is gone and the retention
/// policy explains it (its kept category is past its period at the verifier's clock), or, given the checkpoints, a
/// signed earlier policy did while it was in effect (past that policy's period when the next one was signed); tampering otherwise.
/// </summary>
internal sealed class AuditTombstoneCheck
{
    private readonly AuditRetentionPolicy? _policy;
    private readonly DateTimeOffset _now;
    private readonly List<(AuditRetentionPolicy Policy, DateTimeOffset Until)> _signed = [];

    /// <param name="retention">The current policy, or <see langword="null"/> when the verifier was given none.</param>
    /// <param name="timeProvider">The verifier's clock.</param>
    /// <param name="checkpoints">The checkpoints, their signatures already verified (and each policy's hash checked against its text).</param>
    public AuditTombstoneCheck(AuditRetentionOptions? retention, TimeProvider timeProvider, IReadOnlyList<AuditCheckpoint> checkpoints)
    {
        _policy = retention is null ? null : new AuditRetentionPolicy(retention);
        _now = timeProvider.GetUtcNow();
        var policies = checkpoints.Where(c => c.Kind == AuditCheckpointKind.RetentionPolicy).ToList();
        for (var i = 0; i < policies.Count; i++)
        {
            // A signed text this version cannot read (a newer format) explains nothing; its window still ends the one before.
            if (policies[i].Policy is { } text && AuditRetentionPolicyText.Parse(text) is { } options)
            {
                var until = i + 1 < policies.Count ? policies[i + 1].CreatedAt : _now;
                _signed.Add((new AuditRetentionPolicy(options), until < _now ? until : _now));
            }
        }
    }

    /// <summary>The problem with the tombstone <paramref name="entry"/>, or <see langword="null"/> when it is expected.</summary>
    public AuditIntegrityProblem? Check(AuditChainEntry entry)
    {
        var record = entry.Record;
        if (!IsEmptied(record))
        {
            return Problem(entry, "is marked as a tombstone but still holds content, which its hash no longer covers");
        }

        if ((_policy is not null && Explains(_policy, record, _now)) || _signed.Exists(s => Explains(s.Policy, record, s.Until)))
        {
            return null;
        }

        var signed = _signed.Count == 0 ? string.Empty : ", nor did any retention policy signed in the checkpoints while it was in effect";
        if (_policy is null)
        {
            return Problem(entry, $"is a tombstone, and the verifier was given no retention policy to explain it{signed}");
        }

        var (period, rule) = _policy.PeriodFor(record.ActionType, record.Action, record.TenantId);
        var name = rule < 0 ? "Period" : string.Create(CultureInfo.InvariantCulture, $"Rules[{rule}]");
        var keeps = period is { } days ? string.Create(CultureInfo.InvariantCulture, $"for {days:c}") : "forever";
        return Problem(entry, $"was emptied outside the retention policy: Retention.{name} keeps {record.Action} ({record.ActionType}) records {keeps}{signed}");
    }

    /// <summary>Whether <paramref name="policy"/> had expired <paramref name="record"/> by <paramref name="until"/>.</summary>
    private static bool Explains(AuditRetentionPolicy policy, AuditRecord record, DateTimeOffset until) =>
        policy.PeriodFor(record.ActionType, record.Action, record.TenantId).Period is { } kept && record.OccurredAt < until - kept;

    /// <summary>Whether every field a tombstone removes is empty.</summary>
    /// <remarks>An erased row keeps its pseudonyms as actor and target user ids when it becomes a tombstone, so that its erasure's digest still finds it.</remarks>
    internal static bool IsEmptied(AuditRecord record) =>
        (record.Actor.Id.Length == 0 || AuditPseudonym.IsPseudonym(record.Actor.Id)) && record.Actor.DisplayName is null
        && record.FailureReason is null && record.Resource is null && record.Description is null
        && record.Changes.Count == 0 && record.SourceIp is null && record.SourceIpAsHashed is null
        && record.UserAgent is null && record.CorrelationId is null && record.Metadata.Count == 0
        && (record.TargetUser is null || (AuditPseudonym.IsPseudonym(record.TargetUser.Id) && record.TargetUser.DisplayName is null));

    private static AuditIntegrityProblem Problem(AuditChainEntry entry, string what) => new(
        AuditIntegrityProblemKind.ModifiedRow,
        entry.Sequence,
        string.Create(CultureInfo.InvariantCulture, $"Row {entry.Sequence} (event {entry.Record.Id}) was modified: it {what}."),
        entry.Record.Id);
}
