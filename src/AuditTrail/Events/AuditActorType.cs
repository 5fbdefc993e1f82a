namespace AuditTrail;

/// <summary>What kind of principal performed an audited action.</summary>
public enum AuditActorType
{
    /// <summary>A signed-in human user.</summary>
    User = 0,

    /// <summary>The application itself (background jobs, retention, expiry).</summary>
    System = 1,

    /// <summary>A caller authenticated by an API key.</summary>
    ApiKey = 2,

    /// <summary>Another service (machine-to-machine credentials).</summary>
    Service = 3,

    /// <summary>An unauthenticated caller, for example a failed login attempt.</summary>
    Anonymous = 4,
}
