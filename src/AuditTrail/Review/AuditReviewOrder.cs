namespace AuditTrail;

/// <summary>The order detectors see records in: oldest first, by <see cref="AuditRecord.OccurredAt"/> and then id (the store's order, reversed).</summary>
internal static class AuditReviewOrder
{
    public static int Compare(AuditRecord? a, AuditRecord? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var byTime = a.OccurredAt.CompareTo(b.OccurredAt);
        // Guid.CompareTo orders as the ordinal order of the ids' "D" text (its fields unsigned, most significant first),
        // without making two strings for every comparison of records at the same time.
        return byTime != 0 ? byTime : a.Id.CompareTo(b.Id);
    }
}
