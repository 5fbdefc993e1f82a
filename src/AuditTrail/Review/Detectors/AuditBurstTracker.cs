namespace AuditTrail;

/// <summary>
/// Sliding-window bursts per key: once the records of one key within <see cref="AuditBurstOptions.Window"/> reach the
/// threshold (their number, or with <c>subjectOf</c> the number of distinct subjects among them), they open an episode, which every further record within the window of
/// the previous one extends; a quiet window ends it.
/// </summary>
internal sealed class AuditBurstTracker(string detector, AuditBurstOptions options, int maxEvidence, Func<AuditRecord, string>? subjectOf = null)
{
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    public TimeSpan Window => options.Window;

    /// <summary>Adds a record; returns the episode when it is open (just opened or extended), else <see langword="null"/>.</summary>
    public AuditEpisode? Add(string key, AuditRecord record)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            _states[key] = state = new State();
        }

        var now = record.OccurredAt;
        if (state.Episode is not null && now - state.Last > options.Window)
        {
            state.Episode = null;
        }

        state.Recent.Enqueue(record);
        Count(state, record, +1);
        while (state.Recent.Peek().OccurredAt < AuditReviewTime.Before(now, options.Window))
        {
            Count(state, state.Recent.Dequeue(), -1);
        }

        state.Last = now > state.Last ? now : state.Last;
        if (state.Episode is not null)
        {
            return state.Episode.Add(record);
        }

        var size = subjectOf is null ? state.Recent.Count : state.Subjects.Count;
        if (size < options.Threshold)
        {
            return null;
        }

        state.Episode = new AuditEpisode(detector, key, maxEvidence, subjectOf).AddRange(state.Recent);
        return state.Episode;
    }

    /// <summary>The open episode of <paramref name="key"/> whose last record is within the window before <paramref name="now"/>.</summary>
    public AuditEpisode? Open(string key, DateTimeOffset now) =>
        _states.TryGetValue(key, out var state) && state.Episode is not null && now - state.Last <= options.Window ? state.Episode : null;

    /// <summary>Forgets keys quiet for longer than the window.</summary>
    public void Sweep(DateTimeOffset now)
    {
        foreach (var (key, state) in _states)
        {
            if (now - state.Last > options.Window)
            {
                _states.Remove(key);
            }
        }
    }

    /// <summary>Keeps the distinct subjects of the window counted as records come and go, so a burst costs the same per record however long its window.</summary>
    private void Count(State state, AuditRecord record, int delta)
    {
        if (subjectOf is null)
        {
            return;
        }

        var subject = subjectOf(record);
        var count = state.Subjects.GetValueOrDefault(subject) + delta;
        if (count > 0)
        {
            state.Subjects[subject] = count;
        }
        else
        {
            state.Subjects.Remove(subject);
        }
    }

    private sealed class State
    {
        public Queue<AuditRecord> Recent { get; } = new();

        /// <summary>The records of <see cref="Recent"/> by subject, when the tracker counts subjects.</summary>
        public Dictionary<string, int> Subjects { get; } = new(StringComparer.OrdinalIgnoreCase);

        public AuditEpisode? Episode { get; set; }

        public DateTimeOffset Last { get; set; }
    }
}
