namespace AuditTrail.Conformance.Support;

/// <summary>
/// A clock the test sets by hand; timers are not driven by it (the pipeline uses it for timestamps and retry delays).
/// <see cref="Advance"/> and <see cref="Set"/> move only the wall clock, as a clock that jumps does;
/// <see cref="Elapse"/> moves the monotonic clock with it, as time that really passes does;
/// <see cref="ElapsePerTimestamp"/> makes every reading of the monotonic clock later than the one before by that much,
/// as a slow operation timed with it would see.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _elapsedTimestampTicks;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>How much the monotonic clock moves at each reading; zero (the default) leaves it to real time.</summary>
    public TimeSpan ElapsePerTimestamp { get; set; }

    public override long GetTimestamp()
    {
        if (ElapsePerTimestamp > TimeSpan.Zero)
        {
            Interlocked.Add(ref _elapsedTimestampTicks, (long)(ElapsePerTimestamp.TotalSeconds * TimestampFrequency));
        }

        return base.GetTimestamp() + Interlocked.Read(ref _elapsedTimestampTicks);
    }

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;

    public void Elapse(TimeSpan by)
    {
        _now += by;
        Interlocked.Add(ref _elapsedTimestampTicks, (long)(by.TotalSeconds * TimestampFrequency));
    }
}
