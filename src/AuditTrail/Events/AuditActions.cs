namespace AuditTrail;

/// <summary>
/// The built-in action codes: stable, dotted, lowercase. Host code may use its own codes too; generic
/// resource actions are <c>{resource type}.created</c>, <c>.updated</c> and <c>.deleted</c>.
/// </summary>
public static class AuditActions
{
    /// <summary>A user signed in.</summary>
    public const string LoginSucceeded = "auth.login_succeeded";

    /// <summary>A sign-in attempt failed.</summary>
    public const string LoginFailed = "auth.login_failed";

    /// <summary>A user signed out.</summary>
    public const string Logout = "auth.logout";

    /// <summary>A user's password was changed.</summary>
    public const string PasswordChanged = "account.password_changed";

    /// <summary>Multi-factor authentication was enabled.</summary>
    public const string MfaEnabled = "account.mfa_enabled";

    /// <summary>Multi-factor authentication was disabled.</summary>
    public const string MfaDisabled = "account.mfa_disabled";

    /// <summary>A user account was created.</summary>
    public const string AccountCreated = "account.created";

    /// <summary>A user account was deactivated.</summary>
    public const string AccountDeactivated = "account.deactivated";

    /// <summary>A user's role was changed.</summary>
    public const string RoleChanged = "account.role_changed";

    /// <summary>A permission was granted or revoked.</summary>
    public const string PermissionChanged = "account.permission_changed";

    /// <summary>An API key was created.</summary>
    public const string ApiKeyCreated = "api_key.created";

    /// <summary>An API key was deleted.</summary>
    public const string ApiKeyDeleted = "api_key.deleted";

    /// <summary>An API key expired (recorded by the System actor).</summary>
    public const string ApiKeyExpired = "api_key.expired";

    /// <summary>Audit records were queried.</summary>
    public const string AuditQueried = "audit.queried";

    /// <summary>Audit records were exported.</summary>
    public const string AuditExported = "audit.exported";

    /// <summary>The integrity of the audit trail was verified.</summary>
    public const string AuditVerified = "audit.verified";

    /// <summary>Retention purged old audit records (recorded by the System actor, with the count).</summary>
    public const string AuditPurged = "audit.purged";

    /// <summary>
    /// A person's personal fields were erased across the trail (<see cref="IAuditErasure"/>; by the requesting actor, with
    /// the pseudonym that replaced their id, the row count and the digest of the rewritten rows in the metadata).
    /// A <see cref="AuditActionType.Delete"/> event.
    /// </summary>
    public const string AuditErased = "audit.erased";

    /// <summary>
    /// A legal hold was placed (by the placing actor, with the hold's id, scope and reason in the metadata;
    /// <see cref="IAuditLegalHolds"/>). A <see cref="AuditActionType.Security"/> event.
    /// </summary>
    public const string HoldPlaced = "audit.hold_placed";

    /// <summary>
    /// A legal hold was released (by the releasing actor, with the hold's id, scope and reason in the metadata).
    /// A <see cref="AuditActionType.Security"/> event.
    /// </summary>
    public const string HoldReleased = "audit.hold_released";

    /// <summary>
    /// The audit pipeline started (recorded by the System actor when the host starts, as PCI DSS 10.2.1.6 asks).
    /// A <see cref="AuditActionType.Security"/> event.
    /// </summary>
    public const string AuditStarted = "audit.started";

    /// <summary>The audit pipeline is stopping (recorded by the System actor when the host stops). A <see cref="AuditActionType.Security"/> event.</summary>
    public const string AuditStopped = "audit.stopped";

    /// <summary>
    /// The continuous review found something (recorded by the System actor, with the finding's detector, severity,
    /// summary and evidence ids in the metadata). A <see cref="AuditActionType.Security"/> event.
    /// </summary>
    public const string ReviewFinding = "review.finding";

    /// <summary>The code of a generic create of <paramref name="resourceType"/>: <c>{type}.created</c>.</summary>
    /// <param name="resourceType">The resource type, for example <c>server</c>.</param>
    public static string Created(string resourceType) => ResourceAction(resourceType, "created");

    /// <summary>The code of a generic update of <paramref name="resourceType"/>: <c>{type}.updated</c>.</summary>
    /// <param name="resourceType">The resource type.</param>
    public static string Updated(string resourceType) => ResourceAction(resourceType, "updated");

    /// <summary>The code of a generic delete of <paramref name="resourceType"/>: <c>{type}.deleted</c>.</summary>
    /// <param name="resourceType">The resource type.</param>
    public static string Deleted(string resourceType) => ResourceAction(resourceType, "deleted");

    private static string ResourceAction(string resourceType, string verb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceType);
        return string.Concat(resourceType.Trim().ToLowerInvariant(), ".", verb);
    }
}
