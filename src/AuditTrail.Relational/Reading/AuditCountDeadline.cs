namespace AuditTrail.Relational;

/// <summary>
/// The time a count in steps may take (<see cref="AuditCountOptions.TimeLimit"/>), started when the count starts:
/// tells how many more candidates fit in the time left at the rate of those examined so far.
/// </summary>
internal sealed class AuditCountDeadline
{
    /// <summary>
    /// The share of the time left a step is planned to take: a step also pays a fixed cost (a statement, the index's
    /// first reads) that the rate per candidate does not show, so each step takes at most half of what is left.
    /// </summary>
    private const double Margin = 0.5;

    /// <summary>The share of the limit below which no step is started: one would spend it on its fixed cost alone.</summary>
    private const double Reserve = 0.2;

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
        if (left <= _limit * Reserve)
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
