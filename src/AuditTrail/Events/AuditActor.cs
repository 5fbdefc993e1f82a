namespace AuditTrail;

/// <summary>Who performed an audited action.</summary>
/// <param name="Id">
/// The stable identifier of the actor (a user id, an API key id, <c>system</c>). Role-aware reads compare
/// this value with the viewer's id, so it must be the same value the host uses to identify the viewer.
/// </param>
/// <param name="DisplayName">The name shown on the audit page, for example "John Davis".</param>
/// <param name="Type">The kind of actor.</param>
public sealed record AuditActor(string Id, string? DisplayName, AuditActorType Type)
{
    /// <summary>The id recorded for <see cref="System"/>.</summary>
    public const string SystemId = "system";

    /// <summary>The id recorded for <see cref="Anonymous"/>.</summary>
    public const string AnonymousId = "anonymous";

    /// <summary>The application itself, shown as "System".</summary>
    public static AuditActor System { get; } = new(SystemId, "System", AuditActorType.System);

    /// <summary>An unauthenticated caller.</summary>
    public static AuditActor Anonymous { get; } = new(AnonymousId, "Anonymous", AuditActorType.Anonymous);

    /// <summary>Creates a human user actor.</summary>
    /// <param name="id">The user's stable id.</param>
    /// <param name="displayName">The user's display name.</param>
    public static AuditActor User(string id, string? displayName) => new(id, displayName, AuditActorType.User);

    /// <summary>Creates an API key actor.</summary>
    /// <param name="keyId">The key's id (never the secret).</param>
    /// <param name="displayName">The key's display name.</param>
    public static AuditActor ApiKey(string keyId, string? displayName) => new(keyId, displayName, AuditActorType.ApiKey);

    /// <summary>Creates a service actor.</summary>
    /// <param name="id">The service's id.</param>
    /// <param name="displayName">The service's display name.</param>
    public static AuditActor Service(string id, string? displayName) => new(id, displayName, AuditActorType.Service);
}
