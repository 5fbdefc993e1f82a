namespace AuditTrail;

/// <summary>When <see cref="IAuditLogger.LogAsync"/> completes.</summary>
public enum AuditDeliveryMode
{
    /// <summary>
    /// The default: the call completes once the event's batch is committed to the store, and throws
    /// <see cref="AuditWriteException"/> when it cannot be. Concurrent callers share one transaction.
    /// </summary>
    Durable = 0,

    /// <summary>
    /// Opt-in: the call completes once the event is queued. A full queue makes callers wait; nothing is
    /// dropped. Events still queued when the process dies are lost; graceful shutdown flushes them.
    /// </summary>
    Buffered = 1,
}
