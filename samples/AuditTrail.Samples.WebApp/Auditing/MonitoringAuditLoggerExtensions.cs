namespace AuditTrail.Samples.Monitoring;

/// <summary>
/// The sample product's own recording helpers, built on <see cref="IAuditLogger.LogAsync"/> the way the library's
/// generic helpers (<see cref="AuditLoggerExtensions"/>) are: each fills the action code, action type, resource and
/// description; the actor, IP, user agent and correlation come from the ambient <see cref="AuditContext"/>.
/// </summary>
internal static class MonitoringAuditLoggerExtensions
{
    /// <summary>Records that a notification channel (email, webhook, ...) was added.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="channel">The channel (type <c>notification_channel</c>).</param>
    /// <param name="kind">The channel kind, for example <c>email</c> or <c>webhook</c>.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> NotificationChannelAddedAsync(this IAuditLogger logger, AuditResource channel, string kind, CancellationToken cancellationToken = default) =>
        logger.LogAsync(new AuditEvent
        {
            Action = MonitoringAuditActions.NotificationChannelAdded,
            ActionType = AuditActionType.Create,
            Resource = channel,
            Description = $"Added {kind} notification channel {channel.Name}",
            Metadata = new Dictionary<string, string> { ["channel_kind"] = kind },
        }, cancellationToken);

    /// <summary>Records that a notification channel was updated.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="changes">The changed fields (a webhook secret is redacted by name).</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> NotificationChannelUpdatedAsync(this IAuditLogger logger, AuditResource channel, IReadOnlyList<AuditFieldChange> changes, CancellationToken cancellationToken = default) =>
        logger.LogAsync(new AuditEvent
        {
            Action = MonitoringAuditActions.NotificationChannelUpdated,
            ActionType = AuditActionType.Update,
            Resource = channel,
            Changes = changes,
        }, cancellationToken);

    /// <summary>Records that a notification channel was removed.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> NotificationChannelRemovedAsync(this IAuditLogger logger, AuditResource channel, CancellationToken cancellationToken = default) =>
        logger.LogAsync(new AuditEvent
        {
            Action = MonitoringAuditActions.NotificationChannelRemoved,
            ActionType = AuditActionType.Delete,
            Resource = channel,
            Description = $"Removed notification channel {channel.Name}",
        }, cancellationToken);

    /// <summary>Records that a monitoring agent was installed on a server.</summary>
    /// <param name="logger">The logger.</param>
    /// <param name="server">The server (type <c>server</c>).</param>
    /// <param name="agentVersion">The agent's version.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The event id.</returns>
    public static Task<Guid> AgentInstalledAsync(this IAuditLogger logger, AuditResource server, string agentVersion, CancellationToken cancellationToken = default) =>
        logger.LogAsync(new AuditEvent
        {
            Action = MonitoringAuditActions.AgentInstalled,
            ActionType = AuditActionType.Create,
            Resource = server,
            Description = $"Installed agent {agentVersion} on {server.Name}",
            Metadata = new Dictionary<string, string> { ["agent_version"] = agentVersion },
        }, cancellationToken);
}
