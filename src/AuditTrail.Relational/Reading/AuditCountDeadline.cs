namespace AuditTrail.Relational;

/// <summary>
/// The time a count in steps may take (<see cref="AuditCountOptions.TimeLimit"/>), started when the count starts:
/// tells how many more candidates fit in the time left at the rate of those examined so far.
/// </summary>
internal sealed class AuditCountDeadline
{
    /// <summary>The share of the time left a step is planned to take, so that a slower step still ends in time.</summary>
    private const double Margin = 0.8;

    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly TimeSpan _limit;

    public AuditCountDeadline(TimeSpan limit, TimeProvider time)
    {
        _time = time;
        _limit = limit;
        _started = time.GetUtcNow();
    }

    /// <summary>How many candidates the next step can examine and still end within the limit; 0 when the time is up.</summary>
    /// <param name="examined">The candidates examined since the start.</param>
    public long CandidatesThatFit(long examined)
    {
        var elapsed = _time.GetUtcNow() - _started;
        var left = _limit - elapsed;
        if (left <= TimeSpan.Zero)
        {
            return 0;
        }

        if (elapsed <= TimeSpan.Zero || examined == 0)
        {
            // No time measured yet (a coarse clock): the step may be as large as any.
            return long.MaxValue;
        }

        return (long)Math.Min(long.MaxValue / 2, examined * (left.Ticks * Margin / elapsed.Ticks));
    }
}
