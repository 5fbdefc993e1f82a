namespace AuditTrail;

/// <summary>Counts streamed records per bucket and action type, for a store that does not count them itself.</summary>
internal static class AuditHistogramCounter
{
    public static async Task<IReadOnlyList<AuditHistogramCell>> CountAsync(IAsyncEnumerable<AuditRecord> records, AuditScope scope, AuditHistogramBuckets buckets)
    {
        var counts = new Dictionary<(int Bucket, AuditActionType Type), long>();
        await foreach (var record in records.ConfigureAwait(false))
        {
            var bucket = buckets.IndexOf(record.OccurredAt);
            if (bucket >= 0 && scope.Permits(record))
            {
                var key = (bucket, record.ActionType);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return [.. counts.Select(pair => new AuditHistogramCell(pair.Key.Bucket, pair.Key.Type, pair.Value))];
    }
}
