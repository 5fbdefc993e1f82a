namespace AuditTrail;

/// <summary>
/// A bounded summary of the rows a tombstone pass read: runs of consecutive rows, each with the earliest anchor time at
/// which one of its rows could still need the tombstoner (<see cref="DateTimeOffset.MaxValue"/> when none can).
/// </summary>
/// <remarks>
/// At most <see cref="MaxSpans"/> runs whatever the chain's length: past that, neighbours merge (their earliest time
/// kept), so a later pass may read a run it did not need to, never skip one it needed.
/// </remarks>
internal sealed class AuditExpirySpans
{
    internal const int MaxSpans = 1024;

    private readonly List<(long First, DateTimeOffset Due)> _spans = [];
    private int _rowsPerSpan = 1;
    private int _rowsInLast;

    /// <summary>The latest <see cref="AuditRecord.RecordedAt"/> of the rows summarized (a pass stops at the first row recorded too late).</summary>
    public DateTimeOffset LatestRecordedAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Adds the next row read.</summary>
    /// <param name="sequence">Its sequence, greater than every one added before.</param>
    /// <param name="due">The earliest anchor time at which it could still need the tombstoner.</param>
    /// <param name="recordedAt">When it was recorded.</param>
    public void Add(long sequence, DateTimeOffset due, DateTimeOffset recordedAt)
    {
        LatestRecordedAt = recordedAt > LatestRecordedAt ? recordedAt : LatestRecordedAt;
        if (_spans.Count > 0 && _rowsInLast < _rowsPerSpan)
        {
            var last = _spans[^1];
            _spans[^1] = (last.First, due < last.Due ? due : last.Due);
            _rowsInLast++;
            return;
        }

        _spans.Add((sequence, due));
        _rowsInLast = 1;
        Compact();
    }

    /// <summary>Adds the runs of <paramref name="earlier"/> from <paramref name="fromSequence"/> on: rows a pass skipped over.</summary>
    public void AddFrom(AuditExpirySpans earlier, long fromSequence)
    {
        LatestRecordedAt = earlier.LatestRecordedAt > LatestRecordedAt ? earlier.LatestRecordedAt : LatestRecordedAt;
        for (var i = 0; i < earlier._spans.Count; i++)
        {
            var next = i + 1 < earlier._spans.Count ? earlier._spans[i + 1].First : long.MaxValue;
            if (next > fromSequence)
            {
                _spans.Add((Math.Max(earlier._spans[i].First, fromSequence), earlier._spans[i].Due));
            }
        }

        _rowsInLast = _rowsPerSpan;
        Compact();
    }

    /// <summary>
    /// The lowest sequence from which no row summarized can need the tombstoner at <paramref name="anchor"/>, or
    /// <see langword="null"/> when the last run has a row due.
    /// </summary>
    public long? NothingDueFrom(DateTimeOffset anchor)
    {
        long? from = null;
        for (var i = _spans.Count - 1; i >= 0 && _spans[i].Due >= anchor; i--)
        {
            from = _spans[i].First;
        }

        return from;
    }

    private void Compact()
    {
        while (_spans.Count > MaxSpans)
        {
            var merged = new List<(long First, DateTimeOffset Due)>((_spans.Count + 1) / 2);
            for (var i = 0; i < _spans.Count; i += 2)
            {
                merged.Add(i + 1 < _spans.Count && _spans[i + 1].Due < _spans[i].Due ? (_spans[i].First, _spans[i + 1].Due) : _spans[i]);
            }

            _spans.Clear();
            _spans.AddRange(merged);
            _rowsPerSpan *= 2;
            _rowsInLast = _rowsPerSpan;
        }
    }
}
