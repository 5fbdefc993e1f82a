namespace AuditTrail;

/// <summary>
/// How each of the review's reads walks its time range: in consecutive windows, oldest first, each window read whole
/// before its records go to the detectors, so that about two windows' records a read are held at once (the one the
/// detectors take and the one read ahead). A window's span adapts to the records the read's last one held: halved past <see cref="Target"/>, doubled at a quarter of it or less. A window that grows
/// past <see cref="Limit"/> while read (a dense stretch after a quiet one) is dropped and read again a quarter as long,
/// unless it is as short as <see cref="MinSpan"/> already: records that share one instant are never split.
/// </summary>
internal sealed record AuditReviewWindows(TimeSpan InitialSpan, TimeSpan MinSpan, TimeSpan MaxSpan, int Target)
{
    /// <summary>An hour to start, a millisecond to a decade, about 8,192 records a window.</summary>
    public static AuditReviewWindows Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(3660), 8192);

    /// <summary>The most records a window may hold while read before it is read again shorter.</summary>
    public int Limit => Target > int.MaxValue / 4 ? int.MaxValue : Target * 4;

    /// <summary>The span of the window after one of <paramref name="span"/> that held <paramref name="count"/> records.</summary>
    public TimeSpan Next(TimeSpan span, int count) =>
        count > Target ? Shorter(span, 2)
        : count <= Target / 4 ? (span.Ticks > MaxSpan.Ticks / 2 ? MaxSpan : span * 2)
        : span;

    /// <summary><paramref name="span"/> divided by <paramref name="factor"/>, not under <see cref="MinSpan"/>.</summary>
    public TimeSpan Shorter(TimeSpan span, int factor) => span / factor < MinSpan ? MinSpan : span / factor;
}
