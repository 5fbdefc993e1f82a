namespace AuditTrail;

/// <summary>Whether an audited action succeeded.</summary>
public enum AuditOutcome
{
    /// <summary>The action succeeded.</summary>
    Success = 0,

    /// <summary>The action failed or was denied; see <see cref="AuditEvent.FailureReason"/>.</summary>
    Failure = 1,
}
