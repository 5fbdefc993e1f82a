namespace AuditTrail;

/// <summary>How long records are kept, and how the purge runs.</summary>
public sealed class AuditRetentionOptions
{
    /// <summary>
    /// How long records are kept, measured from <see cref="AuditRecord.OccurredAt"/>; <see langword="null"/>
    /// (the default) keeps them forever. 1 day to 1000 years when set. This is the default rule: it applies to the
    /// records no rule of <see cref="Rules"/> matches.
    /// </summary>
    public TimeSpan? Period { get; set; }

    /// <summary>
    /// Periods per category (action type, action code prefix, tenant). Among the rules matching a record, the longest
    /// period wins (<see langword="null"/>, forever, is the longest); records no rule matches follow <see cref="Period"/>.
    /// A record that expires while records written before it are kept becomes a tombstone (docs/integrity.md).
    /// </summary>
    public IList<AuditRetentionRule> Rules { get; } = [];

    /// <summary>How often the purge runs. Default 1 hour; 1 second to 7 days.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most rows deleted per transaction, so a purge never holds the store for long. Default 1000; 1 to 100 000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// How far the wall clock may move ahead of the monotonic clock while the process runs before retention stops
    /// trusting it. Past this, every purge pass is refused (with a warning) until the process restarts, so a clock
    /// that jumped ahead never removes records written before the jump, even after new records were stamped with the
    /// jumped time. Default 5 minutes; 1 second to 1 day.
    /// </summary>
    public TimeSpan MaxClockJump { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far the newest committed record's <see cref="AuditRecord.RecordedAt"/> may be ahead of the clock before
    /// retention stops trusting the clock. Past this, the clock went back (or the records were stamped by a clock that
    /// had jumped ahead and was then corrected), and every purge pass is refused (with a warning) until the clock is
    /// past the newest record again. This guard needs no monotonic baseline, so it holds across restarts. Default
    /// 5 minutes; 1 second to 1 day.
    /// </summary>
    public TimeSpan MaxClockDisagreement { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Archive before purge: when <see cref="AuditArchiveOptions.Enabled"/>, the records a purge removes are first written
    /// to sealed, signed segments (a folder, or the registered <see cref="IAuditArchiveSink"/>), and purged only once stored.
    /// </summary>
    public AuditArchiveOptions Archive { get; } = new();
}
