using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace AuditTrail.Samples.WebApp.Model;

/// <summary>
/// The console's own data: servers, alert rules, notification channels, users and API keys. It lives in memory
/// and starts from the same demo data on every run; the audit trail is what persists, in the library's store.
/// Thread-safe: every read returns a snapshot, every change happens under one lock.
/// </summary>
internal sealed class ConsoleState
{
    /// <summary>The password of every demo account.</summary>
    public const string DemoPassword = "demo";

    private readonly Lock _lock = new();
    private readonly PasswordHasher<UserAccount> _hasher = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, Server> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertRule> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotificationChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserAccount> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiKey> _keys = new(StringComparer.Ordinal);

    public ConsoleState(TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow();
        var demoHash = _hasher.HashPassword(null!, DemoPassword);

        foreach (var user in new[]
        {
            new UserAccount(DemoUsers.John.Id, "john", "John Davis", Roles.Admin, demoHash, Active: true, MfaEnabled: true),
            new UserAccount(DemoUsers.Sarah.Id, "sarah", "Sarah Miller", Roles.Admin, demoHash, Active: true, MfaEnabled: true),
            new UserAccount(DemoUsers.Mike.Id, "mike", "Mike Johnson", Roles.User, demoHash, Active: true, MfaEnabled: false),
            new UserAccount("u-priya", "priya", "Priya Patel", Roles.Admin, demoHash, Active: true, MfaEnabled: false),
            new UserAccount("u-tom", "tom", "Tom Baker", Roles.User, demoHash, Active: false, MfaEnabled: false),
        })
        {
            _users[user.Id] = user;
        }

        foreach (var server in new[]
        {
            new Server("srv-web-01", "web-01", "10.0.4.11", "eu-west-1", 1.0, 60, "4.2.1"),
            new Server("srv-web-02", "web-02", "10.0.4.12", "eu-west-1", 1.0, 60, "4.2.1"),
            new Server("srv-web-03", "web-03", "10.0.4.13", "eu-west-1", 1.5, 60, "4.2.1"),
            new Server("srv-db-01", "db-01", "10.0.8.21", "eu-west-1", 1.0, 30, "4.1.0"),
            new Server("srv-db-02", "db-02", "10.0.8.22", "us-east-1", 1.0, 30, null),
            new Server("srv-cache-01", "cache-01", "10.0.9.31", "us-east-1", 2.0, 120, "4.2.1"),
        })
        {
            _servers[server.Id] = server;
        }

        foreach (var channel in new[]
        {
            new NotificationChannel("ch-ops-email", NotificationChannel.Email, "Ops team", "ops@example.com", null),
            new NotificationChannel("ch-pagerduty", NotificationChannel.Webhook, "PagerDuty", "https://events.example.com/v2/enqueue", "whsec_" + RandomToken(12)),
        })
        {
            _channels[channel.Id] = channel;
        }

        foreach (var rule in new[]
        {
            new AlertRule("rule-cpu-web", "High CPU on web tier", "cpu_percent", 85, 5, "warning", "ch-ops-email"),
            new AlertRule("rule-disk-db", "Database disk almost full", "disk_percent", 90, 10, "critical", "ch-pagerduty"),
            new AlertRule("rule-latency", "Slow responses", "latency_ms", 750, 5, "warning", "ch-ops-email"),
        })
        {
            _rules[rule.Id] = rule;
        }

        foreach (var (id, name, owner, days, expires) in new[]
        {
            ("key-ci-deploy", "CI deploy key", DemoUsers.John.Id, -11, (int?)79),
            ("key-grafana", "Grafana read-only", DemoUsers.Sarah.Id, -9, (int?)null),
            ("key-mike-cli", "Mike's CLI", DemoUsers.Mike.Id, -3, (int?)27),
            ("key-tom-backup", "Tom's backup script", "u-tom", -12, (int?)null),
        })
        {
            var created = now.AddDays(days);
            _keys[id] = new ApiKey(id, name, owner, "mon_" + RandomToken(4), HashSecret(RandomToken(24)), created, expires is { } e ? now.AddDays(e) : null);
        }
    }

    public IReadOnlyList<Server> Servers() => Snapshot(_servers, server => server.Name);

    public Server? FindServer(string id) => Find(_servers, id);

    public IReadOnlyList<AlertRule> AlertRules() => Snapshot(_rules, rule => rule.Name);

    public AlertRule? FindAlertRule(string id) => Find(_rules, id);

    public IReadOnlyList<NotificationChannel> Channels() => Snapshot(_channels, channel => channel.Name);

    public NotificationChannel? FindChannel(string id) => Find(_channels, id);

    public IReadOnlyList<UserAccount> Users() => Snapshot(_users, user => user.DisplayName);

    public UserAccount? FindUser(string id) => Find(_users, id);

    public UserAccount? FindUserByName(string userName)
    {
        lock (_lock)
        {
            return _users.Values.FirstOrDefault(user => string.Equals(user.UserName, userName.Trim(), StringComparison.OrdinalIgnoreCase));
        }
    }

    public IReadOnlyList<ApiKey> ApiKeys() => Snapshot(_keys, key => key.Name);

    public ApiKey? FindApiKey(string id) => Find(_keys, id);

    public bool CheckPassword(UserAccount user, string password) =>
        _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public string HashPassword(UserAccount? user, string password) => _hasher.HashPassword(user!, password);

    /// <summary>Stores a new or changed entity; returns the previous version, or <see langword="null"/> for a new one.</summary>
    public Server? Save(Server server) => Save(_servers, server.Id, server);

    public AlertRule? Save(AlertRule rule) => Save(_rules, rule.Id, rule);

    public NotificationChannel? Save(NotificationChannel channel) => Save(_channels, channel.Id, channel);

    public UserAccount? Save(UserAccount user) => Save(_users, user.Id, user);

    public ApiKey? Save(ApiKey key) => Save(_keys, key.Id, key);

    /// <summary>Adds a user unless the user name is taken.</summary>
    public bool TryAdd(UserAccount user)
    {
        lock (_lock)
        {
            if (_users.Values.Any(existing => string.Equals(existing.UserName, user.UserName, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            _users[user.Id] = user;
            return true;
        }
    }

    public Server? RemoveServer(string id) => Remove(_servers, id);

    public AlertRule? RemoveAlertRule(string id) => Remove(_rules, id);

    public NotificationChannel? RemoveChannel(string id) => Remove(_channels, id);

    public ApiKey? RemoveApiKey(string id) => Remove(_keys, id);

    /// <summary>Removes and returns the keys whose expiry has passed.</summary>
    public IReadOnlyList<ApiKey> RemoveExpiredApiKeys()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            var expired = _keys.Values.Where(key => key.ExpiresAt <= now).OrderBy(key => key.ExpiresAt).ToList();
            foreach (var key in expired)
            {
                _keys.Remove(key.Id);
            }

            return expired;
        }
    }

    public static string NewId(string prefix) => $"{prefix}-{RandomToken(8)}";

    public static string RandomToken(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    private List<T> Snapshot<T>(Dictionary<string, T> items, Func<T, string> orderBy)
    {
        lock (_lock)
        {
            return items.Values.OrderBy(orderBy, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }

    private T? Find<T>(Dictionary<string, T> items, string id)
        where T : class
    {
        lock (_lock)
        {
            return items.GetValueOrDefault(id);
        }
    }

    private T? Save<T>(Dictionary<string, T> items, string id, T item)
        where T : class
    {
        lock (_lock)
        {
            var previous = items.GetValueOrDefault(id);
            items[id] = item;
            return previous;
        }
    }

    private T? Remove<T>(Dictionary<string, T> items, string id)
        where T : class
    {
        lock (_lock)
        {
            return items.Remove(id, out var removed) ? removed : null;
        }
    }
}

/// <summary>The demo accounts of the README; the seeded history uses the same ids.</summary>
internal static class DemoUsers
{
    public static readonly AuditActor John = AuditActor.User("u-john", "John Davis");
    public static readonly AuditActor Sarah = AuditActor.User("u-sarah", "Sarah Miller");
    public static readonly AuditActor Mike = AuditActor.User("u-mike", "Mike Johnson");
}
