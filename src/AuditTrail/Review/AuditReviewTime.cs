namespace AuditTrail;

/// <summary>
/// Moves an instant of a review period by a detector's look-back or look-ahead, stopping at the calendar's ends
/// (0001-01-01 and 9999-12-31) instead of overflowing: a period may start or end at either.
/// </summary>
internal static class AuditReviewTime
{
    /// <summary><paramref name="time"/> minus <paramref name="span"/>, or <see cref="DateTimeOffset.MinValue"/> when that is earlier.</summary>
    public static DateTimeOffset Before(DateTimeOffset time, TimeSpan span) =>
        time.UtcTicks - DateTimeOffset.MinValue.UtcTicks <= span.Ticks ? DateTimeOffset.MinValue : time - span;

    /// <summary><paramref name="time"/> plus <paramref name="span"/>, or <see cref="DateTimeOffset.MaxValue"/> when that is later.</summary>
    public static DateTimeOffset After(DateTimeOffset time, TimeSpan span) =>
        DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks <= span.Ticks ? DateTimeOffset.MaxValue : time + span;
}
