namespace AuditTrail;

/// <summary>Turns a store's cells into every bucket of the range, empty ones included, counts in action-type order.</summary>
internal static class AuditHistogramAssembler
{
    public static AuditHistogram Assemble(AuditHistogramBuckets buckets, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<AuditHistogramCell> cells)
    {
        var byBucket = cells
            .Where(cell => cell.Bucket >= 0 && cell.Bucket < buckets.Count && cell.Count > 0)
            .ToLookup(cell => cell.Bucket);
        var result = new AuditHistogramBucket[buckets.Count];
        for (var index = 0; index < buckets.Count; index++)
        {
            var counts = byBucket[index]
                .GroupBy(cell => cell.ActionType)
                .Select(group => new AuditHistogramCount(group.Key, group.Sum(cell => cell.Count)))
                .OrderBy(count => count.ActionType)
                .ToArray();
            result[index] = new AuditHistogramBucket(buckets.StartOf(index), buckets.StartOf(index + 1), counts);
        }

        return new AuditHistogram(buckets.Interval, from, to, result);
    }
}
