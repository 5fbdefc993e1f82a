namespace AuditTrail.Relational;

/// <summary>What <see cref="IAuditBatchAppender.AppendAsync"/> did.</summary>
public sealed class AuditBatchAppendResult
{
    /// <summary>How many rows were written (and committed): every row whose id was not stored, or none when the head was not valid.</summary>
    public int Written { get; init; }

    /// <summary>
    /// The chain head after the rows written; when none was, the head found (the newest row, or the retention anchor
    /// when it is newer). <see langword="null"/> for an empty chain.
    /// </summary>
    public AuditChainPosition? Head { get; init; }

    /// <summary>Which of the rows' ids were stored already, so were skipped.</summary>
    public IReadOnlyCollection<Guid> StoredIds { get; init; } = [];
}
