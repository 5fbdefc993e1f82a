namespace AuditTrail;

/// <summary>
/// What happens to an event, and to the caller of <see cref="IAuditLogger.LogAsync"/>, when the store cannot
/// commit it after the bounded retries. Chosen per event by <see cref="AuditTrailOptions.FailurePolicy"/>,
/// <see cref="AuditTrailOptions.FailurePolicyByActionType"/> and <see cref="AuditTrailOptions.FailurePolicyByAction"/>.
/// </summary>
public enum AuditFailurePolicy
{
    /// <summary>
    /// The caller's <see cref="IAuditLogger.LogAsync"/> throws <see cref="AuditWriteException"/>, so the business
    /// operation can abort; nothing of the event is stored. A fail-closed call always waits for its commit, even
    /// in <see cref="AuditDeliveryMode.Buffered"/> mode, because a caller cannot be told of a failure after it was
    /// acknowledged. The default for <see cref="AuditActionType.Security"/> events.
    /// </summary>
    FailClosed = 0,

    /// <summary>
    /// The event is appended to the durable local spool (<see cref="AuditTrailOptions.Spool"/>, synced to disk)
    /// and acknowledged; it is replayed into the store, exactly once and in order, as soon as the store takes
    /// writes again. The failure is reported to every <see cref="IAuditFailureListener"/>, <c>ILogger</c>, the
    /// metrics and the health check. Without a spool, or when the spool cannot be written, a durable caller gets
    /// <see cref="AuditWriteException"/> and a buffered event is kept in memory and retried (new callers wait once
    /// the queue is full): a fail-open event is never dropped silently.
    /// </summary>
    FailOpen = 1,
}
