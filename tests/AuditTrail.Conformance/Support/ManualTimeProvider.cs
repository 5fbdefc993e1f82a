namespace AuditTrail.Conformance.Support;

/// <summary>A clock the test sets by hand; timers are not driven by it (the pipeline uses it for timestamps and retry delays).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;
}
