namespace AuditTrail.Relational;

/// <summary>One chunk of a capped search count: the candidates the index gave, the lowest of them, and how many matched.</summary>
internal sealed class CandidateCountRow
{
    public long Examined { get; set; }

    public long? Lowest { get; set; }

    public long Counted { get; set; }
}
