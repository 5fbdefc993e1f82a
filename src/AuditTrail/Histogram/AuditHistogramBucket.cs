namespace AuditTrail;

/// <summary>One bar of an <see cref="AuditHistogram"/>: the records that occurred in [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <param name="Start">The inclusive start, on a UTC hour or day boundary.</param>
/// <param name="End">The exclusive end: <see cref="Start"/> plus one interval.</param>
/// <param name="Counts">The counts per action type, in enum order; action types without records are left out.</param>
public sealed record AuditHistogramBucket(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<AuditHistogramCount> Counts)
{
    /// <summary>The number of records in the bucket, over every action type.</summary>
    public long Total => Counts.Sum(count => count.Count);
}
