using AuditTrail.Samples.Monitoring;
namespace AuditTrail.Samples.Console;

/// <summary>
/// A realistic day on a server-monitoring console: every event of its "Audit Logs" page, recorded
/// through <see cref="IAuditLogger"/> with the ambient context a web request would provide.
/// </summary>
internal sealed class Scenario(IAuditLogger audit, IAuditContextAccessor context)
{
    public static readonly AuditActor John = AuditActor.User("u-john", "John Davis");
    public static readonly AuditActor Sarah = AuditActor.User("u-sarah", "Sarah Miller");
    public static readonly AuditActor Mike = AuditActor.User("u-mike", "Mike Johnson");

    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";

    public async Task<int> RunAsync()
    {
        var count = 0;
        var server = new AuditResource("server", "srv-web-03", "web-03");
        var rule = new AuditResource("alert_rule", "rule-cpu", "High CPU on web tier");
        var email = new AuditResource("notification_channel", "ch-email", "ops@example.com");
        var webhook = new AuditResource("notification_channel", "ch-hook", "PagerDuty webhook");
        var ciKey = new AuditResource("api_key", "key-ci", "CI deploy key");
        var oldKey = new AuditResource("api_key", "key-legacy", "Legacy metrics key");

        using (Request(John, "203.0.113.10", Chrome))
        {
            count += await Log(audit.LoginSucceededAsync(John));
            count += await Log(audit.CreatedAsync(server, "Added server web-03 (10.0.4.13)"));
            count += await Log(audit.UpdatedAsync(server, AuditDiff.Between(
                new Dictionary<string, object?> { ["load_multiplier"] = 1.0, ["region"] = "eu-west-1" },
                new Dictionary<string, object?> { ["load_multiplier"] = 1.5, ["region"] = "eu-west-1" })));
            count += await Log(audit.AgentInstalledAsync(server, "4.2.1"));
            count += await Log(audit.CreatedAsync(rule, "Created alert rule High CPU on web tier (cpu > 90% for 5m)"));
            count += await Log(audit.UpdatedAsync(rule, AuditDiff.Between(new { threshold = 90 }, new { threshold = 85 })));
            count += await Log(audit.NotificationChannelAddedAsync(email, "email"));
            count += await Log(audit.NotificationChannelAddedAsync(webhook, "webhook"));
            count += await Log(audit.NotificationChannelUpdatedAsync(webhook, AuditDiff.Between(
                new Dictionary<string, object?> { ["url"] = "https://events.example.com/v1", ["signing_secret"] = "whsec_old" },
                new Dictionary<string, object?> { ["url"] = "https://events.example.com/v2", ["signing_secret"] = "whsec_new" })));
            count += await Log(audit.AccountCreatedAsync(new AuditResource("user", Mike.Id, Mike.DisplayName), "Viewer"));
            count += await Log(audit.RoleChangedAsync(new AuditResource("user", Mike.Id, Mike.DisplayName), "Viewer", "Operator"));
            count += await Log(audit.PermissionChangedAsync(new AuditResource("role", "role-operator", "Operator"), "servers:write", granted: true));
            count += await Log(audit.ApiKeyCreatedAsync(ciKey));
            count += await Log(audit.LogoutAsync());
        }

        using (Request(AuditActor.Anonymous, "198.51.100.23", Firefox))
        {
            count += await Log(audit.LoginFailedAsync("sarah", "invalid password", Sarah));
            count += await Log(audit.LoginFailedAsync("admin", "unknown user", knownUser: null));
        }

        using (Request(Sarah, "198.51.100.23", Firefox))
        {
            count += await Log(audit.LoginSucceededAsync(Sarah));
            count += await Log(audit.PasswordChangedAsync(new AuditResource("user", Sarah.Id, Sarah.DisplayName)));
            count += await Log(audit.MfaEnabledAsync(new AuditResource("user", Sarah.Id, Sarah.DisplayName)));
            count += await Log(audit.DeletedAsync(rule));
            count += await Log(audit.NotificationChannelRemovedAsync(email));
            count += await Log(audit.ApiKeyDeletedAsync(ciKey));
            count += await Log(audit.DeletedAsync(new AuditResource("server", "srv-old-01", "legacy-01")));
            count += await Log(audit.AccountDeactivatedAsync(new AuditResource("user", "u-tom", "Tom Baker")));
            count += await Log(audit.LogoutAsync());
        }

        using (Request(Mike, "192.0.2.44", Safari))
        {
            count += await Log(audit.LoginSucceededAsync(Mike));
            count += await Log(audit.UpdatedAsync(server, AuditDiff.Between(new { load_multiplier = 1.5 }, new { load_multiplier = 2.0 })));
            count += await Log(audit.PasswordChangedAsync(new AuditResource("user", Mike.Id, Mike.DisplayName)));
            count += await Log(audit.MfaEnabledAsync(new AuditResource("user", Mike.Id, Mike.DisplayName)));
            count += await Log(audit.MfaDisabledAsync(new AuditResource("user", Mike.Id, Mike.DisplayName)));
            count += await Log(audit.LogoutAsync());
        }

        using (context.BeginSystemScope())
        {
            count += await Log(audit.ApiKeyExpiredAsync(oldKey));
        }

        return count;
    }

    private IDisposable Request(AuditActor actor, string ip, string userAgent) =>
        context.BeginScope(new AuditContext
        {
            Actor = actor,
            SourceIp = ip,
            UserAgent = userAgent,
            CorrelationId = Guid.NewGuid().ToString("N"),
        });

    private static async Task<int> Log(Task<Guid> recording)
    {
        await recording;
        return 1;
    }
}
