namespace AuditTrail;

/// <summary>
/// How many records a purge has removed so far, counted as each batch commits, and the cutoff it removed them before.
/// Pass one to <see cref="AuditArchiver.ArchiveAndPurgeAsync(DateTimeOffset, int, AuditPurgeProgress?, CancellationToken)"/>:
/// when the run stops part way (cancelled, or the sink fails on a later segment) it throws, and
/// <see cref="RecordsPurged"/> still tells how many records went, so the caller can record their purge
/// (<see cref="AuditActions.AuditPurged"/>).
/// </summary>
public sealed class AuditPurgeProgress
{
    private readonly Lock _sync = new();
    private long _recordsPurged;
    private DateTimeOffset? _cutoff;

    /// <summary>The records removed so far; safe to read from any thread.</summary>
    public long RecordsPurged
    {
        get
        {
            lock (_sync)
            {
                return _recordsPurged;
            }
        }
    }

    /// <summary>
    /// The cutoff of the latest batch that removed records (<see langword="null"/> before the first): what went occurred
    /// before it. It is earlier than the cutoff asked for when a legal hold placed while the purge ran moved it back to
    /// the hold's first record, so a record of the purge names the cutoff it kept to. Safe to read from any thread.
    /// </summary>
    public DateTimeOffset? Cutoff
    {
        get
        {
            lock (_sync)
            {
                return _cutoff;
            }
        }
    }

    /// <summary>Counts a committed batch of <paramref name="records"/> that removed records before <paramref name="cutoff"/>.</summary>
    internal void Add(long records, DateTimeOffset cutoff)
    {
        if (records <= 0)
        {
            return;
        }

        lock (_sync)
        {
            _recordsPurged += records;
            _cutoff = cutoff;
        }
    }
}
