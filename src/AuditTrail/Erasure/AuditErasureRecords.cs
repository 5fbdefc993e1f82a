namespace AuditTrail;

/// <summary>How the verifiers read erasures from records: an erasure record's pseudonym, and the pseudonyms a row carries.</summary>
internal static class AuditErasureRecords
{
    /// <summary>The pseudonym an <see cref="AuditActions.AuditErased"/> record names, or <see langword="null"/> for any other record.</summary>
    public static string? PseudonymOf(AuditRecord record) =>
        record.Action == AuditActions.AuditErased
        && record.Metadata.TryGetValue(AuditErasure.MetadataPseudonym, out var pseudonym) && AuditPseudonym.IsPseudonym(pseudonym)
            ? pseudonym
            : null;

    /// <summary>The ids of <paramref name="record"/>'s actor and target user that <paramref name="isPseudonym"/> takes, each once.</summary>
    public static IEnumerable<string> Carried(AuditRecord record, Func<string, bool> isPseudonym)
    {
        if (isPseudonym(record.Actor.Id))
        {
            yield return record.Actor.Id;
        }

        if (record.TargetUser?.Id is { } target && target != record.Actor.Id && isPseudonym(target))
        {
            yield return target;
        }
    }
}
