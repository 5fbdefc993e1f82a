namespace AuditTrail;

/// <summary>
/// The coarse category of an audited action, as shown in the "Action Type" filter of an audit page.
/// The fine-grained, stable code of an action is <see cref="AuditEvent.Action"/>.
/// </summary>
public enum AuditActionType
{
    /// <summary>Sign-in and sign-out ("Login/Logout"), successful or failed.</summary>
    Authentication = 0,

    /// <summary>A resource was created.</summary>
    Create = 1,

    /// <summary>A resource was changed.</summary>
    Update = 2,

    /// <summary>A resource was deleted.</summary>
    Delete = 3,

    /// <summary>Credentials, MFA, roles, permissions and API keys.</summary>
    Security = 4,

    /// <summary>Reads and exports of audit data itself.</summary>
    Access = 5,
}
