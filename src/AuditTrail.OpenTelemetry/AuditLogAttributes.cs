namespace AuditTrail.OpenTelemetry;

/// <summary>The attribute names of a forwarded record's log record.</summary>
public static class AuditLogAttributes
{
    /// <summary><c>event.name</c> (semantic conventions): the action code.</summary>
    public const string EventName = "event.name";

    /// <summary><c>user.id</c> (semantic conventions): the actor's id.</summary>
    public const string UserId = "user.id";

    /// <summary><c>user.name</c> (semantic conventions): the actor's display name.</summary>
    public const string UserName = "user.name";

    /// <summary><c>client.address</c> (semantic conventions): the source IP address (or its pseudonym).</summary>
    public const string ClientAddress = "client.address";

    /// <summary><c>user_agent.original</c> (semantic conventions): the user agent.</summary>
    public const string UserAgent = "user_agent.original";

    /// <summary><c>audit.id</c>: the record id, the idempotency key.</summary>
    public const string Id = "audit.id";

    /// <summary><c>audit.sequence</c>: the record's chain sequence (commit order).</summary>
    public const string Sequence = "audit.sequence";

    /// <summary><c>audit.occurred_at</c>: when the action happened, ISO 8601 UTC (the log record's own timestamp is when it was forwarded).</summary>
    public const string OccurredAt = "audit.occurred_at";

    /// <summary><c>audit.action_type</c>.</summary>
    public const string ActionType = "audit.action_type";

    /// <summary><c>audit.outcome</c>: Success or Failure.</summary>
    public const string Outcome = "audit.outcome";

    /// <summary><c>audit.failure_reason</c>.</summary>
    public const string FailureReason = "audit.failure_reason";

    /// <summary><c>audit.actor.type</c>.</summary>
    public const string ActorType = "audit.actor.type";

    /// <summary><c>audit.resource.type</c>.</summary>
    public const string ResourceType = "audit.resource.type";

    /// <summary><c>audit.resource.id</c>.</summary>
    public const string ResourceId = "audit.resource.id";

    /// <summary><c>audit.resource.name</c>.</summary>
    public const string ResourceName = "audit.resource.name";

    /// <summary><c>audit.target_user.id</c>.</summary>
    public const string TargetUserId = "audit.target_user.id";

    /// <summary><c>audit.tenant.id</c>.</summary>
    public const string TenantId = "audit.tenant.id";

    /// <summary><c>audit.correlation_id</c>.</summary>
    public const string CorrelationId = "audit.correlation_id";
}
