namespace AuditTrail;

/// <summary>
/// Receives every delivery failure of the write pipeline, to raise an alert. Register any number as
/// singletons (<c>services.AddSingleton&lt;IAuditFailureListener, MyAlerts&gt;()</c>); each is called in turn.
/// </summary>
/// <remarks>
/// Called on the pipeline's writer, so it must return quickly (hand slow work, such as sending a message,
/// to a queue of its own). An exception it throws is logged and otherwise ignored; it never affects delivery.
/// A failure that concerns waiting callers (events rejected to them, or spooled in their place) is reported
/// before those callers' <c>LogAsync</c> calls complete, so by the time a caller sees the outcome every
/// listener has been told.
/// </remarks>
public interface IAuditFailureListener
{
    /// <summary>Called for each failure.</summary>
    /// <param name="failure">What failed and what became of the events.</param>
    void OnFailure(AuditFailure failure);
}
