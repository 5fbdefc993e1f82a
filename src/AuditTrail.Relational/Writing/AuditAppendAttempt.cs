namespace AuditTrail.Relational;

/// <summary>
/// What <see cref="IAuditBatchAppender.TryAppendAsync"/> did (wrote the rows, or found the chain elsewhere), or what
/// <see cref="IAuditBatchAppender.LockAsync"/> found.
/// </summary>
public sealed class AuditAppendAttempt
{
    /// <summary>The answer of an attempt that wrote every row.</summary>
    public static AuditAppendAttempt Written { get; } = new() { Appended = true };

    /// <summary>Whether every row was written (and committed). When <see langword="false"/>, none was.</summary>
    public bool Appended { get; init; }

    /// <summary>
    /// When nothing was written: the chain head found, read as <see cref="IAuditChainStore.GetHeadAsync"/>
    /// reads it (the newest row, or the retention anchor when it is newer); <see langword="null"/> for an empty chain.
    /// </summary>
    public AuditChainPosition? Head { get; init; }

    /// <summary>When nothing was written: which of the rows' (or the given) ids were stored already.</summary>
    public IReadOnlyCollection<Guid> StoredIds { get; init; } = [];
}
