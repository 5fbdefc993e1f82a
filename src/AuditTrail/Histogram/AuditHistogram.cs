namespace AuditTrail;

/// <summary>
/// Records per time bucket, stacked by action type, for one query within the viewer's scope: what the viewer's
/// activity chart draws. Every bucket of the range is present, empty ones with no counts.
/// </summary>
/// <param name="Interval">The width of each bucket (never <see cref="AuditHistogramInterval.Auto"/>).</param>
/// <param name="From">The start of the counted range (inclusive): the query's <see cref="AuditQuery.From"/>, or the oldest matching record.</param>
/// <param name="To">The end of the counted range (exclusive): the query's <see cref="AuditQuery.To"/>, or now.</param>
/// <param name="Buckets">The buckets, oldest first; the first starts at or before <paramref name="From"/>, the last ends at or after <paramref name="To"/>.</param>
public sealed record AuditHistogram(AuditHistogramInterval Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AuditHistogramBucket> Buckets)
{
    /// <summary>The most buckets one histogram holds: 200. A wider explicit range is refused.</summary>
    public const int MaxBuckets = 200;

    /// <summary>The widest range for which <see cref="AuditHistogramInterval.Auto"/> chooses hours: 48 hours.</summary>
    public static TimeSpan AutoHourlySpan { get; } = TimeSpan.FromHours(48);

    /// <summary>The number of records over every bucket.</summary>
    public long Total => Buckets.Sum(bucket => bucket.Total);
}
