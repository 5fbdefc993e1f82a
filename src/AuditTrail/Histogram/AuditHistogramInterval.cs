namespace AuditTrail;

/// <summary>The width of one bar of an <see cref="AuditHistogram"/>; buckets start on UTC hour or day boundaries.</summary>
public enum AuditHistogramInterval
{
    /// <summary>Chosen from the range: <see cref="Hour"/> up to <see cref="AuditHistogram.AutoHourlySpan"/>, <see cref="Day"/> beyond.</summary>
    Auto = 0,

    /// <summary>One bucket per UTC hour.</summary>
    Hour = 1,

    /// <summary>One bucket per UTC day.</summary>
    Day = 2,
}
