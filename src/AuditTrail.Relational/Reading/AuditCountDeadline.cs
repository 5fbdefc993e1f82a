namespace AuditTrail.Relational;

/// <summary>
/// The time a count in steps may take (<see cref="AuditCountOptions.TimeLimit"/>), started when the count starts:
/// tells how many candidates the next step can examine and still end within it.
/// </summary>
/// <remarks>
/// A step costs a fixed part (a statement; an index that has to find its way back to where the last step stopped,
/// which grows the deeper the count goes: about 20 ms to resume 250 000 matches down a 10 M-row FTS5 index) and a part
/// per candidate. Neither is known apart, so the plan is pessimistic on both: the next step's fixed part is taken to be
/// as long as the whole last step, and each candidate to cost as much as in the slowest step so far, fixed part
/// included. A step is planned only when that estimate ends before the last <see cref="Reserve"/> of the limit, which
/// is kept for what the count does around its steps.
/// </remarks>
internal sealed class AuditCountDeadline
{
    /// <summary>The share of the limit no step is planned into: opening, answering and the caller's own work.</summary>
    private const double Reserve = 0.15;

    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly TimeSpan _limit;
    private long _stepStarted;
    private double _ticksPerCandidate;

    public AuditCountDeadline(TimeSpan limit, TimeProvider time)
    {
        _time = time;
        _limit = limit;
        _started = time.GetTimestamp();
        _stepStarted = _started;
    }

    /// <summary>
    /// How many candidates the next step can examine and still end within the limit; 0 when it cannot start.
    /// Called once after each step; the first step is timed from the count's start.
    /// </summary>
    /// <param name="examined">The candidates the step that just ended examined.</param>
    public long CandidatesThatFit(long examined)
    {
        var now = _time.GetTimestamp();
        var step = _time.GetElapsedTime(_stepStarted, now);
        _stepStarted = now;
        var spendable = _limit * (1 - Reserve) - _time.GetElapsedTime(_started, now) - step;
        if (step > TimeSpan.Zero && examined > 0)
        {
            _ticksPerCandidate = Math.Max(_ticksPerCandidate, (double)step.Ticks / examined);
        }

        if (spendable <= TimeSpan.Zero)
        {
            return 0;
        }

        // No time measured yet (a clock that has not moved): the step may be as large as any.
        return _ticksPerCandidate <= 0 ? long.MaxValue : (long)Math.Min(long.MaxValue / 2, spendable.Ticks / _ticksPerCandidate);
    }
}
