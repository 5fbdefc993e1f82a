namespace AuditTrail;

/// <summary>Chooses a histogram's interval and buckets from the range to count, and refuses a range with too many buckets.</summary>
internal static class AuditHistogramRange
{
    /// <summary>
    /// The buckets covering [<paramref name="from"/>, <paramref name="to"/>). An implicit start (no query.From) is moved
    /// forward so the range fits; an explicit one that does not fit is an error naming the parameter. A range reaching
    /// into the calendar's last hour or day, whose bucket would end after 9999-12-31, is an error naming query.To (or
    /// query.From, when the end was taken from it).
    /// </summary>
    public static AuditHistogramBuckets Plan(DateTimeOffset from, DateTimeOffset to, bool fromIsExplicit, bool toIsExplicit, AuditHistogramInterval interval)
    {
        if (interval == AuditHistogramInterval.Auto)
        {
            interval = to - from <= AuditHistogram.AutoHourlySpan ? AuditHistogramInterval.Hour : AuditHistogramInterval.Day;
        }

        var width = AuditHistogramBuckets.WidthOf(interval);
        var lastEnd = Floor(DateTimeOffset.MaxValue, width);
        if (to > lastEnd)
        {
            var parameter = toIsExplicit || !fromIsExplicit ? "query.To" : "query.From";
            throw Errors.Argument(parameter, $"{parameter} {to:O} falls in the calendar's last {interval.ToString().ToLowerInvariant()}, whose bucket would end " +
                $"after 9999-12-31; end the range at {lastEnd:O} or earlier.");
        }

        var end = Ceiling(to, width);
        var start = Floor(from, width);
        var count = Math.Max(1, (end - start).Ticks / width.Ticks);
        if (count > AuditHistogram.MaxBuckets)
        {
            if (fromIsExplicit)
            {
                throw Errors.Argument("interval", $"From {from:O} to {to:O} is {count} {interval.ToString().ToLowerInvariant()} buckets; the most allowed is " +
                    $"{AuditHistogram.MaxBuckets}: narrow query.From and query.To{(interval == AuditHistogramInterval.Hour ? " or count per day" : string.Empty)}.");
            }

            count = AuditHistogram.MaxBuckets;
            start = end - (width * count);
        }

        return new AuditHistogramBuckets(start, interval, (int)count);
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan width) =>
        new(time.UtcTicks - (time.UtcTicks % width.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time, TimeSpan width)
    {
        var floor = Floor(time, width);
        return floor.UtcTicks == time.UtcTicks ? floor : floor + width;
    }
}
