namespace AuditTrail.AspNetCore;

/// <summary>The action codes the ASP.NET Core adapter records besides the built-in <see cref="AuditActions"/>.</summary>
public static class AuditAspNetCoreActions
{
    /// <summary>
    /// A request was refused (type <see cref="AuditActionType.Security"/>, outcome <see cref="AuditOutcome.Failure"/>):
    /// always when the audit API rejects a paging cursor that was altered or issued for another query or viewer,
    /// and for 401 and 403 answers of the host's endpoints when
    /// <see cref="AuditTrailAspNetCoreOptions.RecordAuthorizationFailures"/> is on.
    /// </summary>
    public const string AuthorizationFailed = "auth.authorization_failed";
}
