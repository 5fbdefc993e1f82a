using System.Globalization;

namespace AuditTrail;

/// <summary>The audit events of placing and releasing a hold: Security events by the actor, with the hold's scope and reason in the metadata.</summary>
internal static class AuditLegalHoldEvents
{
    /// <summary>The resource type of a hold in these events.</summary>
    public const string ResourceType = "audit_hold";

    public static AuditEvent Placed(AuditLegalHold hold, AuditActor actor) =>
        Create(AuditActions.HoldPlaced, hold, actor, $"Legal hold {hold.Id} placed: {hold.Reason}");

    public static AuditEvent Released(AuditLegalHold hold, AuditActor actor) =>
        Create(AuditActions.HoldReleased, hold, actor, $"Legal hold {hold.Id} released: {hold.Reason}");

    private static AuditEvent Create(string action, AuditLegalHold hold, AuditActor actor, string description)
    {
        var metadata = new Dictionary<string, string>
        {
            ["hold_id"] = hold.Id.ToString("D"),
            ["reason"] = hold.Reason,
        };
        Add(metadata, "scope_tenant_id", hold.Scope.TenantId);
        Add(metadata, "scope_actor_id", hold.Scope.ActorId);
        Add(metadata, "scope_from", hold.Scope.From?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(metadata, "scope_until", hold.Scope.Until?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return new AuditEvent
        {
            Action = action,
            ActionType = AuditActionType.Security,
            Actor = actor,
            TenantId = hold.Scope.TenantId,
            Resource = new AuditResource(ResourceType, hold.Id.ToString("D"), null),
            Description = description,
            Metadata = metadata,
        };
    }

    private static void Add(Dictionary<string, string> metadata, string key, string? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }
}
