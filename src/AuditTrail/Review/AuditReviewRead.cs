using System.Collections.Concurrent;

namespace AuditTrail;

/// <summary>One narrow read of the review: a filter, and whether summaries do (<see cref="IAuditSummaryStore"/>).</summary>
internal readonly record struct AuditReviewRead(AuditFilter Filter, bool Summary)
{
    /// <summary>How many reads run at once.</summary>
    private const int Parallelism = 4;

    /// <summary>
    /// Runs <paramref name="reads"/> whole, side by side (a few at a time), and merges their records by id, a whole
    /// record replacing the summary of the same id: for the rare records read before the windows.
    /// </summary>
    public static async Task<Dictionary<Guid, AuditRecord>> ReadAllAsync(IAuditStore store, IReadOnlyCollection<AuditReviewRead> reads, CancellationToken cancellationToken)
    {
        var results = new ConcurrentBag<(bool Summary, List<AuditRecord> Records)>();
        await Parallel.ForEachAsync(
            reads,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (read, token) =>
            {
                var found = new List<AuditRecord>();
                await foreach (var record in read.StreamAsync(store, token).ConfigureAwait(false))
                {
                    found.Add(record);
                }

                results.Add((read.Summary, found));
            }).ConfigureAwait(false);

        var records = new Dictionary<Guid, AuditRecord>(results.Sum(r => r.Records.Count));
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

    /// <summary>The records of this read from <paramref name="store"/>: summaries when it asks for them and the store has them.</summary>
    public IAsyncEnumerable<AuditRecord> StreamAsync(IAuditStore store, CancellationToken cancellationToken) =>
        Summary && store is IAuditSummaryStore narrow ? narrow.StreamSummariesAsync(Filter, cancellationToken) : store.StreamAsync(Filter, cancellationToken);
}
