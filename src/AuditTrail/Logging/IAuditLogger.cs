namespace AuditTrail;

/// <summary>Records audit events. Registered by <c>services.AddAuditTrail()</c>; thread-safe.</summary>
public interface IAuditLogger
{
    /// <summary>
    /// Records an event. In <see cref="AuditDeliveryMode.Durable"/> mode (the default) the returned task
    /// completes only once the event is committed to the store, and faults when it cannot be; in
    /// <see cref="AuditDeliveryMode.Buffered"/> mode it completes once the event is queued, waiting
    /// while the queue is full.
    /// </summary>
    /// <param name="auditEvent">The event; empty fields are filled from the ambient <see cref="AuditContext"/>.</param>
    /// <param name="cancellationToken">Cancels waiting; an event already handed to the store may still be committed.</param>
    /// <returns>The id of the recorded event.</returns>
    /// <exception cref="ArgumentException">The event has no action code.</exception>
    /// <exception cref="AuditWriteException">Durable mode: the store could not commit the event.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline has shut down.</exception>
    Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}
