namespace AuditTrail.AspNetCore;

/// <summary>The action codes the ASP.NET Core adapter records besides the built-in <see cref="AuditActions"/>.</summary>
public static class AuditAspNetCoreActions
{
    /// <summary>
    /// A request was answered 401 or 403 (type <see cref="AuditActionType.Security"/>, outcome
    /// <see cref="AuditOutcome.Failure"/>); recorded only when
    /// <see cref="AuditTrailAspNetCoreOptions.RecordAuthorizationFailures"/> is on.
    /// </summary>
    public const string AuthorizationFailed = "auth.authorization_failed";
}
