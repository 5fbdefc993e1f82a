namespace AuditTrail;

/// <summary>A delivery failure, as reported to every <see cref="IAuditFailureListener"/>.</summary>
public sealed record AuditFailure
{
    /// <summary>Whether the write will be retried or the failure policy was applied.</summary>
    public required AuditFailureKind Kind { get; init; }

    /// <summary>Which part of the write path failed.</summary>
    public required AuditFailureSource Source { get; init; }

    /// <summary>What became of the events.</summary>
    public required AuditFailureOutcome Outcome { get; init; }

    /// <summary>A sentence that says what failed and what the pipeline did about it.</summary>
    public required string Message { get; init; }

    /// <summary>The ids of the events concerned (empty when the failure concerns no particular event).</summary>
    public IReadOnlyList<Guid> EventIds { get; init; } = [];

    /// <summary>Which attempt failed (1 for the first try), for store failures.</summary>
    public int Attempt { get; init; }

    /// <summary>The exception of the store or spool, when there was one.</summary>
    public Exception? Exception { get; init; }
}
