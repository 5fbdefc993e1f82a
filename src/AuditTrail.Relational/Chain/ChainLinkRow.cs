namespace AuditTrail.Relational;

/// <summary>A sequence number with the hash stored there (and, for purges, the row's time).</summary>
internal sealed class ChainLinkRow
{
    public long Sequence { get; set; }

    public byte[]? Hash { get; set; }

    public object? OccurredAt { get; set; }
}
