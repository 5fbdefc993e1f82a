namespace AuditTrail;

/// <summary>Where an action maps in OCSF: an event class and one of its activities.</summary>
/// <param name="Class">The event class.</param>
/// <param name="ActivityId">
/// The class's <c>activity_id</c> (<see cref="AuditOcsf.ActivityNames"/> lists the ones AuditTrail names); 99 is
/// "Other", whose name is <paramref name="ActivityName"/>.
/// </param>
/// <param name="ActivityName">
/// The <c>activity_name</c> written; <see langword="null"/> for the class's own name of <paramref name="ActivityId"/>.
/// Required for an activity id AuditTrail does not name (99 "Other", for example).
/// </param>
public sealed record AuditOcsfActivity(AuditOcsfClass Class, int ActivityId, string? ActivityName = null);
