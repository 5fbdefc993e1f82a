namespace AuditTrail;

/// <summary>How final a reported delivery failure is.</summary>
public enum AuditFailureKind
{
    /// <summary>A write attempt failed and will be retried; nothing has been decided for the events yet.</summary>
    Temporary = 0,

    /// <summary>
    /// The pipeline gave up on the store (or the spool) for these events and applied their failure policy; the
    /// <see cref="AuditFailure.Outcome"/> says what became of them.
    /// </summary>
    Permanent = 1,
}
