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

    /// <summary>Adds the runs of <paramref name="earlier"/> over <paramref name="from"/> through <paramref name="through"/>: rows a pass skipped.</summary>
    public void AddFrom(AuditExpirySpans earlier, long from, long through)
    {
        LatestRecordedAt = earlier.LatestRecordedAt > LatestRecordedAt ? earlier.LatestRecordedAt : LatestRecordedAt;
        for (var i = earlier.IndexOf(from); i < earlier._spans.Count && earlier._spans[i].First <= through; i++)
        {
            _spans.Add((Math.Max(earlier._spans[i].First, from), earlier._spans[i].Due));
        }

        _rowsInLast = _rowsPerSpan;
        Compact();
    }

    /// <summary>
    /// The last sequence, at most <paramref name="readThrough"/>, of the runs from the one holding <paramref name="sequence"/>
    /// on in which no row can be due at <paramref name="anchor"/>; <see langword="null"/> when a row of its own run may be.
    /// </summary>
    public long? NothingDueThrough(long sequence, DateTimeOffset anchor, long readThrough)
    {
        var i = IndexOf(sequence);
        if (i < 0 || _spans[i].Due < anchor)
        {
            return null;
        }

        while (i + 1 < _spans.Count && _spans[i + 1].Due >= anchor)
        {
            i++;
        }

        return i + 1 < _spans.Count ? Math.Min(_spans[i + 1].First - 1, readThrough) : readThrough;
    }

    // The run holding sequence: the last one that starts at or before it (-1 when none does).
    private int IndexOf(long sequence)
    {
        int low = 0, high = _spans.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (_spans[middle].First <= sequence)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found;
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
