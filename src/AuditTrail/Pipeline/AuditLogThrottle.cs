namespace AuditTrail;

/// <summary>
/// Keeps one kind of per-batch message of a store outage (a retry, a spooled batch) to the first of the outage and
/// then at most one per <see cref="Interval"/>, each saying how many were left out since the previous one; reset when
/// the store takes events again, so the next outage's first message is logged at once. Listeners and metrics still
/// hear of every batch.
/// </summary>
internal sealed class AuditLogThrottle(TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private long? _lastLogged;
    private long _skippedBatches;
    private long _skippedEvents;

    /// <summary>
    /// Whether to log this batch's message; when it is, <paramref name="earlier"/> says what was left out since the
    /// last one (empty when nothing was).
    /// </summary>
    public bool TryLog(int events, out string earlier)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (_lastLogged is { } last && time.GetElapsedTime(last, now) < Interval)
            {
                _skippedBatches++;
                _skippedEvents += events;
                earlier = "";
                return false;
            }

            earlier = _skippedBatches == 0
                ? ""
                : $" Since the previous such message, {_skippedBatches} more batch(es) of {_skippedEvents} event(s) in all were not logged (at most one such message a minute while the store fails).";
            _lastLogged = now;
            _skippedBatches = 0;
            _skippedEvents = 0;
            return true;
        }
    }

    /// <summary>The store took events: the next failure is a new outage's first.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _lastLogged = null;
            _skippedBatches = 0;
            _skippedEvents = 0;
        }
    }
}
