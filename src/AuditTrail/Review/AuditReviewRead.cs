using System.Collections.Concurrent;

namespace AuditTrail;

/// <summary>One narrow read of the review: a filter, and whether summaries do (<see cref="IAuditSummaryStore"/>).</summary>
internal readonly record struct AuditReviewRead(AuditFilter Filter, bool Summary)
{
    /// <summary>How many reads run at once.</summary>
    private const int Parallelism = 4;

    /// <summary>
    /// Runs <paramref name="reads"/> side by side (a few at a time) and merges their records by id, a whole record
    /// replacing the summary of the same id; <see langword="null"/> when they found more than <paramref name="limit"/>
    /// records (the reads stop there).
    /// </summary>
    public static async Task<Dictionary<Guid, AuditRecord>?> ReadAllAsync(IAuditStore store, IReadOnlyCollection<AuditReviewRead> reads, int limit, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<(bool Summary, List<AuditRecord> Records)>();
        var count = 0;
        await Parallel.ForEachAsync(
            reads.OrderByDescending(r => r.Summary),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (read, token) =>
            {
                var found = new List<AuditRecord>();
                var stream = read.Summary && store is IAuditSummaryStore narrow ? narrow.StreamSummariesAsync(read.Filter, token) : store.StreamAsync(read.Filter, token);
                await foreach (var record in stream.ConfigureAwait(false))
                {
                    if (Interlocked.Increment(ref count) > limit)
                    {
                        break;
                    }

                    found.Add(record);
                }

                results.Add((read.Summary, found));
            }).ConfigureAwait(false);
        if (count > limit)
        {
            return null;
        }

        var records = new Dictionary<Guid, AuditRecord>(count);
        foreach (var (summary, found) in results.OrderBy(r => r.Summary))
        {
            foreach (var record in found)
            {
                if (!summary)
                {
                    records[record.Id] = record;
                }
                else
                {
                    records.TryAdd(record.Id, record);
                }
            }
        }

        return records;
    }
}
