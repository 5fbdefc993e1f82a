namespace AuditTrail.Conformance.Support;

/// <summary>
/// A clock the test sets by hand; timers are not driven by it (the pipeline uses it for timestamps and retry delays).
/// <see cref="Advance"/> and <see cref="Set"/> move only the wall clock, as a clock that jumps does;
/// <see cref="Elapse"/> moves the monotonic clock with it, as time that really passes does.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _elapsedTimestampTicks;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => base.GetTimestamp() + Interlocked.Read(ref _elapsedTimestampTicks);

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;

    public void Elapse(TimeSpan by)
    {
        _now += by;
        Interlocked.Add(ref _elapsedTimestampTicks, (long)(by.TotalSeconds * TimestampFrequency));
    }
}
