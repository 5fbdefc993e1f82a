namespace AuditTrail.AspNetCore;

/// <summary>The action codes the ASP.NET Core adapter records besides the built-in <see cref="AuditActions"/>.</summary>
public static class AuditAspNetCoreActions
{
    /// <summary>
    /// A request was refused or reached outside what the caller may see (type <see cref="AuditActionType.Security"/>,
    /// outcome <see cref="AuditOutcome.Failure"/>). The audit API always records it, in place of the access record:
    /// when it rejects a paging cursor that was altered or issued for another query or viewer (reason
    /// <c>cursor rejected</c>); when a reader who is not an admin looks up an id they may not see or that does not
    /// exist, both recorded alike (reason <c>record not visible to the viewer</c>); and when a list or export names
    /// another actor in its <c>user</c> filter (reason <c>filter outside the viewer's scope</c>; the answer is still
    /// only the reader's own records). It is also recorded for 401 and 403 answers of the host's endpoints when
    /// <see cref="AuditTrailAspNetCoreOptions.RecordAuthorizationFailures"/> is on.
    /// </summary>
    public const string AuthorizationFailed = "auth.authorization_failed";
}
