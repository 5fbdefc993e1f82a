namespace AuditTrail;

/// <summary>What became of the events of a reported delivery failure.</summary>
public enum AuditFailureOutcome
{
    /// <summary>The write will be retried (<see cref="AuditFailureKind.Temporary"/>).</summary>
    Retrying = 0,

    /// <summary>The events are in the durable spool and will be replayed into the store when it recovers.</summary>
    Spooled = 1,

    /// <summary>The callers got <see cref="AuditWriteException"/> (fail-closed events, or fail-open ones that could not be spooled); nothing was stored.</summary>
    Rejected = 2,

    /// <summary>Buffered events that neither the store nor a spool could take are kept in memory and retried; new callers wait once the queue is full.</summary>
    Retained = 3,

    /// <summary>
    /// The pipeline shut down without a place to put these acknowledged buffered events (no spool, or the spool
    /// failed): they are not recorded. Their ids are logged as a critical error.
    /// </summary>
    NotRecorded = 4,

    /// <summary>
    /// Spooled events could not be replayed yet (the store failed, or the spool could not be opened); they stay in
    /// the spool and are tried again.
    /// </summary>
    ReplayPending = 5,

    /// <summary>A damaged spool line (not the torn last line of a crash) was set aside; its segment is kept, renamed <c>*.damaged</c>, for inspection.</summary>
    SpoolDamaged = 6,
}
