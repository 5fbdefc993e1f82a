namespace AuditTrail.Webhooks;

/// <summary>What a webhook batch holds.</summary>
public enum AuditWebhookPayload
{
    /// <summary><c>{"records":[…]}</c>, each record as AuditTrail's JSON (<see cref="AuditJson"/>).</summary>
    Json = 0,

    /// <summary><c>{"events":[…]}</c>, each record as an OCSF 1.3 event (<see cref="AuditOcsf"/>).</summary>
    Ocsf = 1,
}
