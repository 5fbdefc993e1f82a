namespace AuditTrail.Relational;

/// <summary>One row of the histogram query: a bucket, an action type and its count.</summary>
internal sealed class HistogramCellRow
{
    public long Bucket { get; set; }

    public string ActionType { get; set; } = string.Empty;

    public long Count { get; set; }
}
