namespace AuditTrail.Samples.Monitoring;

/// <summary>
/// The action codes of the sample server-monitoring product that the library's generic ones do not cover.
/// A product defines its own codes like these; AuditTrail stores and filters them like its built-in ones.
/// </summary>
internal static class MonitoringAuditActions
{
    /// <summary>A notification channel was added.</summary>
    public const string NotificationChannelAdded = "notification_channel.added";

    /// <summary>A notification channel was updated.</summary>
    public const string NotificationChannelUpdated = "notification_channel.updated";

    /// <summary>A notification channel was removed.</summary>
    public const string NotificationChannelRemoved = "notification_channel.removed";

    /// <summary>A monitoring agent was installed on a server.</summary>
    public const string AgentInstalled = "agent.installed";
}
