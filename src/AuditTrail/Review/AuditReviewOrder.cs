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
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id.ToString("D"), b.Id.ToString("D"));
    }
}
