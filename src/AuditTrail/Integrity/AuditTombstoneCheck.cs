using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The verifier's judgement of a tombstone (docs/integrity.md): expected when its content is gone and the retention
/// policy explains it (its kept category is past its period at the verifier's clock), tampering otherwise.
/// </summary>
internal sealed class AuditTombstoneCheck(AuditRetentionOptions? retention, TimeProvider timeProvider)
{
    private readonly AuditRetentionPolicy? _policy = retention is null ? null : new AuditRetentionPolicy(retention);
    private readonly DateTimeOffset _now = timeProvider.GetUtcNow();

    /// <summary>The problem with the tombstone <paramref name="entry"/>, or <see langword="null"/> when it is expected.</summary>
    public AuditIntegrityProblem? Check(AuditChainEntry entry)
    {
        var record = entry.Record;
        if (!IsEmptied(record))
        {
            return Problem(entry, "is marked as a tombstone but still holds content, which its hash no longer covers");
        }

        if (_policy is null)
        {
            return Problem(entry, "is a tombstone, and the verifier was given no retention policy to explain it");
        }

        var (period, rule) = _policy.PeriodFor(record.ActionType, record.Action, record.TenantId);
        if (period is not { } kept || record.OccurredAt >= _now - kept)
        {
            var name = rule < 0 ? "Period" : string.Create(CultureInfo.InvariantCulture, $"Rules[{rule}]");
            var keeps = period is { } days ? string.Create(CultureInfo.InvariantCulture, $"for {days:c}") : "forever";
            return Problem(entry, $"was emptied outside the retention policy: Retention.{name} keeps {record.Action} ({record.ActionType}) records {keeps}");
        }

        return null;
    }

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
