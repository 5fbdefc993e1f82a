namespace AuditTrail.Samples.WebApp.Model;

/// <summary>The roles of the console; members of <see cref="Admin"/> manage users and read the whole audit trail.</summary>
internal static class Roles
{
    public const string Admin = "Admin";
    public const string User = "User";

    public static readonly IReadOnlyList<string> All = [Admin, User];
}

/// <summary>A monitored server.</summary>
internal sealed record Server(string Id, string Name, string Host, string Region, double LoadMultiplier, int CheckIntervalSeconds, string? AgentVersion)
{
    /// <summary>The settings as the audit trail records them: snake_case field names, as the settings form shows them.</summary>
    public Dictionary<string, object?> Settings() => new()
    {
        ["name"] = Name,
        ["host"] = Host,
        ["region"] = Region,
        ["load_multiplier"] = LoadMultiplier,
        ["check_interval_seconds"] = CheckIntervalSeconds,
    };

    public AuditResource AuditResource() => new("server", Id, Name);
}

/// <summary>An alert rule on one metric.</summary>
internal sealed record AlertRule(string Id, string Name, string Metric, double Threshold, int DurationMinutes, string Severity, string? ChannelId)
{
    public static readonly IReadOnlyList<string> Metrics = ["cpu_percent", "memory_percent", "disk_percent", "latency_ms"];
    public static readonly IReadOnlyList<string> Severities = ["warning", "critical"];

    public Dictionary<string, object?> Settings() => new()
    {
        ["name"] = Name,
        ["metric"] = Metric,
        ["threshold"] = Threshold,
        ["duration_minutes"] = DurationMinutes,
        ["severity"] = Severity,
        ["channel"] = ChannelId,
    };

    public string Condition() => FormattableString.Invariant($"{Metric} > {Threshold:0.##} for {DurationMinutes}m");

    public AuditResource AuditResource() => new("alert_rule", Id, Name);
}

/// <summary>Where alerts go: an email address or a webhook URL (with an optional signing secret).</summary>
internal sealed record NotificationChannel(string Id, string Kind, string Name, string Target, string? SigningSecret)
{
    public const string Email = "email";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> Kinds = [Email, Webhook];

    /// <summary>
    /// The fields as the audit trail records them. The signing secret is passed like any other field: the
    /// library's redaction stores only that it changed, never its values.
    /// </summary>
    public Dictionary<string, object?> Settings() => new()
    {
        ["name"] = Name,
        ["target"] = Target,
        ["signing_secret"] = SigningSecret,
    };

    public AuditResource AuditResource() => new("notification_channel", Id, Name);
}

/// <summary>A console account.</summary>
internal sealed record UserAccount(string Id, string UserName, string DisplayName, string Role, string PasswordHash, bool Active, bool MfaEnabled)
{
    public bool IsAdmin => Role == Roles.Admin;

    public AuditActor Actor() => AuditActor.User(Id, DisplayName);

    public AuditResource AuditResource() => new("user", Id, DisplayName);
}

/// <summary>An API key; only a hash of its secret is kept.</summary>
internal sealed record ApiKey(string Id, string Name, string OwnerId, string Prefix, string SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public AuditResource AuditResource() => new("api_key", Id, Name);
}
