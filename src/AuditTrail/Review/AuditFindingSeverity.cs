namespace AuditTrail;

/// <summary>How urgently a finding needs a person's attention.</summary>
public enum AuditFindingSeverity
{
    /// <summary>Worth a look in the weekly review.</summary>
    Low = 0,

    /// <summary>Unusual; review it soon.</summary>
    Medium = 1,

    /// <summary>Likely an attack or a policy breach; review it now.</summary>
    High = 2,

    /// <summary>Likely a compromise; act now.</summary>
    Critical = 3,
}
