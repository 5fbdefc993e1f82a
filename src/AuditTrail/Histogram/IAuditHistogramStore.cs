namespace AuditTrail;

/// <summary>
/// A store that counts records per time bucket itself, with an index or a rollup, for <see cref="IAuditHistogram"/>.
/// A store without it still gets histograms: the reader counts the records it streams, which costs a read of
/// every matching row.
/// </summary>
public interface IAuditHistogramStore
{
    /// <summary>
    /// Counts the records matching the filter per bucket and action type. The filter's <see cref="AuditFilter.From"/> and
    /// <see cref="AuditFilter.To"/> are always set and lie within the buckets; a store must apply every field of the
    /// filter, its scope above all, exactly as <see cref="IAuditStore.CountAsync"/> does.
    /// </summary>
    /// <param name="filter">The filter, scope included.</param>
    /// <param name="buckets">The buckets to count in.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>One cell per bucket and action type with records, in any order.</returns>
    Task<IReadOnlyList<AuditHistogramCell>> CountPerBucketAsync(AuditFilter filter, AuditHistogramBuckets buckets, CancellationToken cancellationToken = default);

    /// <summary>Returns the earliest <see cref="AuditRecord.OccurredAt"/> among the records matching the filter, or <see langword="null"/>.</summary>
    /// <param name="filter">The filter, scope included.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<DateTimeOffset?> GetEarliestOccurredAtAsync(AuditFilter filter, CancellationToken cancellationToken = default);
}
