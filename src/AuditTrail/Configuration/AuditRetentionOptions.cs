namespace AuditTrail;

/// <summary>How long records are kept, and how the purge runs.</summary>
public sealed class AuditRetentionOptions
{
    /// <summary>
    /// How long records are kept, measured from <see cref="AuditRecord.OccurredAt"/>; <see langword="null"/>
    /// (the default) keeps them forever. At least 1 day when set.
    /// </summary>
    public TimeSpan? Period { get; set; }

    /// <summary>How often the purge runs. Default 1 hour; 1 second to 7 days.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most rows deleted per transaction, so a purge never holds the store for long. Default 1000; 1 to 100 000.</summary>
    public int BatchSize { get; set; } = 1000;
}
