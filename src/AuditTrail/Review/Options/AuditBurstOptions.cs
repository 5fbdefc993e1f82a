namespace AuditTrail;

/// <summary>A burst threshold: at least <see cref="Threshold"/> events within <see cref="Window"/>.</summary>
public sealed class AuditBurstOptions
{
    /// <summary>How many events within <see cref="Window"/> make a finding; at least 1 (2 for password spraying).</summary>
    public int Threshold { get; set; }

    /// <summary>The sliding window the events must fall in; 1 second to 1 day.</summary>
    public TimeSpan Window { get; set; }
}
