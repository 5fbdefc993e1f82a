namespace AuditTrail.Security.Tests.Support;

/// <summary>Events that carry one hostile text in every field a caller can set, so a test attacks every column at once.</summary>
internal static class Everywhere
{
    public static AuditEvent Event(string text) => new()
    {
        Action = text,
        ActionType = AuditActionType.Update,
        Actor = AuditActor.User(text, text),
        Outcome = AuditOutcome.Failure,
        FailureReason = text,
        Resource = new AuditResource(text, text, text),
        Description = text,
        Changes = [new AuditFieldChange(text, text, text)],
        SourceIp = text,
        UserAgent = text,
        CorrelationId = text,
        TenantId = text,
        Metadata = new Dictionary<string, string> { [text] = text },
        TargetUser = new AuditTargetUser(text, text),
    };
}
