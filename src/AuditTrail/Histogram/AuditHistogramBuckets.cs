namespace AuditTrail;

/// <summary>
/// The layout of a histogram's buckets, as a store receives it: <see cref="Count"/> buckets of <see cref="Width"/>
/// from <see cref="Start"/> (a UTC hour or day boundary). A store numbers each matching record's bucket as
/// <c>floor((occurred_at - Start) / Width)</c>.
/// </summary>
public sealed record AuditHistogramBuckets
{
    /// <summary>Describes <paramref name="count"/> buckets of <paramref name="interval"/> from <paramref name="start"/>.</summary>
    /// <param name="start">The start of the first bucket; it must lie on a UTC boundary of the interval.</param>
    /// <param name="interval">Hour or day.</param>
    /// <param name="count">1 to <see cref="AuditHistogram.MaxBuckets"/>.</param>
    /// <exception cref="ArgumentException">An argument is out of range or the start is not on a boundary.</exception>
    public AuditHistogramBuckets(DateTimeOffset start, AuditHistogramInterval interval, int count)
    {
        if (interval is not (AuditHistogramInterval.Hour or AuditHistogramInterval.Day))
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be Hour or Day.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, AuditHistogram.MaxBuckets);
        var width = WidthOf(interval);
        if (start.UtcTicks % width.Ticks != 0)
        {
            throw new ArgumentException($"The start {start:O} is not on a UTC {interval} boundary.", nameof(start));
        }

        Start = start.ToUniversalTime();
        Interval = interval;
        Count = count;
    }

    /// <summary>The start of the first bucket (UTC).</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Hour or day.</summary>
    public AuditHistogramInterval Interval { get; }

    /// <summary>How many buckets.</summary>
    public int Count { get; }

    /// <summary>The width of one bucket.</summary>
    public TimeSpan Width => WidthOf(Interval);

    /// <summary>The end of the last bucket (exclusive).</summary>
    public DateTimeOffset End => Start + (Width * Count);

    /// <summary>The start of bucket <paramref name="index"/>.</summary>
    /// <param name="index">0 to <see cref="Count"/> - 1.</param>
    /// <returns>The start.</returns>
    public DateTimeOffset StartOf(int index) => Start + (Width * index);

    /// <summary>The bucket a time falls into, or -1 when it is outside the buckets.</summary>
    /// <param name="occurredAt">The time.</param>
    /// <returns>The index.</returns>
    public int IndexOf(DateTimeOffset occurredAt) =>
        occurredAt < Start || occurredAt >= End ? -1 : (int)((occurredAt.UtcTicks - Start.UtcTicks) / Width.Ticks);

    /// <summary>The width of one bucket of <paramref name="interval"/>.</summary>
    /// <param name="interval">Hour or day.</param>
    /// <returns>One hour or one day.</returns>
    public static TimeSpan WidthOf(AuditHistogramInterval interval) => interval == AuditHistogramInterval.Day ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1);
}
