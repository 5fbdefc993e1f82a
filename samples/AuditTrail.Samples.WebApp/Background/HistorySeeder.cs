using AuditTrail.Samples.Monitoring;
using AuditTrail.Samples.WebApp.Model;

namespace AuditTrail.Samples.WebApp.Background;

/// <summary>
/// On the first run against an empty audit database, records two weeks of realistic history through the library
/// (backdated with <see cref="AuditEvent.OccurredAt"/>): the three demo users and the System at work on the
/// console's servers, alert rules, channels, accounts and keys, with their IP addresses and browsers, plus some
/// failed sign-ins from an unknown address, and one episode of each kind the review looks for
/// (<see cref="History.AddReviewEpisodes"/>). The console's starting data is the state this history leads to.
/// </summary>
internal sealed partial class HistorySeeder(IAuditLogger audit, IAuditReader reader, TimeProvider time, ILogger<HistorySeeder> logger) : IHostedService
{
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string ChromeMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
    private const string SafariPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1";
    private const string Script = "python-requests/2.31.0";

    private static readonly Place JohnOffice = new("203.0.113.10", Chrome);
    private static readonly Place JohnHome = new("198.51.100.77", ChromeMac);
    private static readonly Place SarahDesk = new("198.51.100.23", Firefox);
    private static readonly Place MikeLaptop = new("192.0.2.44", Safari);
    private static readonly Place MikePhone = new("192.0.2.201", SafariPhone);
    private static readonly Place Scanner = new("45.155.205.12", Script);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // An admin viewer sees every record. The trail's own records (its start and stop, reads of the audit log)
        // do not count as history: only sign-ins and changes do.
        var history = new AuditQuery
        {
            ActionTypes = [AuditActionType.Authentication, AuditActionType.Create, AuditActionType.Update, AuditActionType.Delete],
        };
        if (await reader.CountAsync(AuditViewer.Admin(AuditActor.SystemId), history, cancellationToken) > 0)
        {
            return;
        }

        var script = new History(audit, time.GetUtcNow());
        await script.WriteAsync(cancellationToken);
        LogSeeded(script.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty audit database: recorded {Count} events of demo history from the last two weeks")]
    private partial void LogSeeded(int count);

    private sealed record Place(string Ip, string UserAgent);

    /// <summary>The script of the two weeks. Fixed random seed: every fresh database gets the same story.</summary>
    private sealed partial class History(IAuditLogger audit, DateTimeOffset now)
    {
        private readonly Random _random = new(20251127);
        private readonly List<Task<Guid>> _writes = [];

        public int Count => _writes.Count;

        public async Task WriteAsync(CancellationToken cancellationToken)
        {
            var web01 = new AuditResource("server", "srv-web-01", "web-01");
            var web02 = new AuditResource("server", "srv-web-02", "web-02");
            var web03 = new AuditResource("server", "srv-web-03", "web-03");
            var db01 = new AuditResource("server", "srv-db-01", "db-01");
            var db02 = new AuditResource("server", "srv-db-02", "db-02");
            var cache01 = new AuditResource("server", "srv-cache-01", "cache-01");
            var legacy = new AuditResource("server", "srv-legacy-01", "legacy-01");
            var cpuRule = new AuditResource("alert_rule", "rule-cpu-web", "High CPU on web tier");
            var diskRule = new AuditResource("alert_rule", "rule-disk-db", "Database disk almost full");
            var latencyRule = new AuditResource("alert_rule", "rule-latency", "Slow responses");
            var pingRule = new AuditResource("alert_rule", "rule-ping-old", "Old ping check");
            var opsEmail = new AuditResource("notification_channel", "ch-ops-email", "Ops team");
            var pagerDuty = new AuditResource("notification_channel", "ch-pagerduty", "PagerDuty");
            var nightShift = new AuditResource("notification_channel", "ch-night-shift", "Night shift");
            var mike = new AuditResource("user", DemoUsers.Mike.Id, DemoUsers.Mike.DisplayName);
            var sarah = new AuditResource("user", DemoUsers.Sarah.Id, DemoUsers.Sarah.DisplayName);
            var priya = new AuditResource("user", "u-priya", "Priya Patel");
            var tom = new AuditResource("user", "u-tom", "Tom Baker");

            // Day 13: John sets the console up.
            var s = SignIn(DemoUsers.John, JohnOffice, DayAt(13, 9, 5));
            s.Log(l => l.AccountCreatedAsync(mike, Roles.User));
            s.Log(l => l.AccountCreatedAsync(tom, Roles.User));
            s.Log(l => l.CreatedAsync(web01, "Added server web-01 (10.0.4.11)"));
            s.Log(l => l.AgentInstalledAsync(web01, "4.2.1"));
            s.Log(l => l.CreatedAsync(web02, "Added server web-02 (10.0.4.12)"));
            s.Log(l => l.AgentInstalledAsync(web02, "4.2.1"));
            s.Log(l => l.CreatedAsync(legacy, "Added server legacy-01 (10.0.2.5)"));
            s.Log(l => l.NotificationChannelAddedAsync(opsEmail, NotificationChannel.Email));
            s.Log(l => l.CreatedAsync(pingRule, "Created alert rule Old ping check (latency_ms > 2000 for 1m)"));
            s.SignOut();

            // Day 12: Sarah wires up alerting.
            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(12, 10, 20));
            s.Log(l => l.NotificationChannelAddedAsync(pagerDuty, NotificationChannel.Webhook));
            s.Log(l => l.CreatedAsync(cpuRule, "Created alert rule High CPU on web tier (cpu_percent > 90 for 5m)"));
            s.Log(l => l.NotificationChannelAddedAsync(nightShift, NotificationChannel.Email));
            s.SignOut();

            // Day 11: more servers, and a key for CI.
            s = SignIn(DemoUsers.John, JohnOffice, DayAt(11, 8, 40));
            s.Log(l => l.CreatedAsync(web03, "Added server web-03 (10.0.4.13)"));
            s.Log(l => l.AgentInstalledAsync(web03, "4.2.1"));
            s.Log(l => l.CreatedAsync(db01, "Added server db-01 (10.0.8.21)"));
            s.Log(l => l.AgentInstalledAsync(db01, "4.1.0"));
            s.Log(l => l.ApiKeyCreatedAsync(new AuditResource("api_key", "key-ci-deploy", "CI deploy key")));
            s.SignOut();

            // Day 10: somebody tries common admin names from a hosting provider's address.
            s = Anonymous(Scanner, DayAt(10, 3, 12));
            foreach (var name in new[] { "admin", "admin", "root", "administrator", "john" })
            {
                s.Log(l => l.LoginFailedAsync(name, name == "john" ? "invalid password" : "unknown user name", name == "john" ? DemoUsers.John : null));
            }

            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(10, 9, 30));
            s.Log(l => l.MfaEnabledAsync(sarah));
            s.SignOut();

            // Day 9.
            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(9, 14, 10));
            s.Log(l => l.ApiKeyCreatedAsync(new AuditResource("api_key", "key-grafana", "Grafana read-only")));
            s.Log(l => l.CreatedAsync(diskRule, "Created alert rule Database disk almost full (disk_percent > 90 for 10m)"));
            s.SignOut();

            // Day 8: Mike's first week.
            s = SignIn(DemoUsers.Mike, MikeLaptop, DayAt(8, 9, 55));
            s.Log(l => l.PasswordChangedAsync(mike));
            s.Log(l => l.UpdatedAsync(web02, AuditDiff.Between(new { check_interval_seconds = 30 }, new { check_interval_seconds = 60 })));
            s.SignOut();

            // Day 7: clean-up.
            s = SignIn(DemoUsers.John, JohnOffice, DayAt(7, 11, 0));
            s.Log(l => l.DeletedAsync(legacy));
            s.SignOut();
            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(7, 15, 45));
            s.Log(l => l.AccountDeactivatedAsync(tom));
            s.Log(l => l.UpdatedAsync(cpuRule, AuditDiff.Between(new { threshold = 90.0 }, new { threshold = 85.0 })));
            s.SignOut();

            // Day 6: an old key runs out; Mike mistypes his password once.
            SystemJob(DayAt(6, 0, 0)).Log(l => l.ApiKeyExpiredAsync(new AuditResource("api_key", "key-legacy-metrics", "Legacy metrics key")));
            s = Anonymous(MikePhone, DayAt(6, 8, 2));
            s.Log(l => l.LoginFailedAsync("mike", "invalid password", DemoUsers.Mike));
            s = SignIn(DemoUsers.Mike, MikePhone, DayAt(6, 8, 4));
            s.SignOut();

            // Day 5: the database tier and a new webhook secret.
            s = SignIn(DemoUsers.John, JohnHome, DayAt(5, 19, 30));
            s.Log(l => l.CreatedAsync(db02, "Added server db-02 (10.0.8.22)"));
            s.Log(l => l.CreatedAsync(cache01, "Added server cache-01 (10.0.9.31)"));
            s.Log(l => l.AgentInstalledAsync(cache01, "4.2.1"));
            s.Log(l => l.NotificationChannelUpdatedAsync(pagerDuty, AuditDiff.Between(
                new Dictionary<string, object?> { ["target"] = "https://events.example.com/v1/enqueue", ["signing_secret"] = "whsec_0ld" },
                new Dictionary<string, object?> { ["target"] = "https://events.example.com/v2/enqueue", ["signing_secret"] = "whsec_n3w" })));
            s.SignOut();

            // Day 4: a new colleague.
            s = SignIn(DemoUsers.John, JohnOffice, DayAt(4, 10, 15));
            s.Log(l => l.AccountCreatedAsync(priya, Roles.User));
            s.SignOut();

            // Day 3.
            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(3, 9, 10));
            s.Log(l => l.RoleChangedAsync(priya, Roles.User, Roles.Admin));
            s.Log(l => l.NotificationChannelRemovedAsync(nightShift));
            s.SignOut();
            s = SignIn(DemoUsers.Mike, MikeLaptop, DayAt(3, 13, 40));
            s.Log(l => l.ApiKeyCreatedAsync(new AuditResource("api_key", "key-mike-cli", "Mike's CLI")));
            s.Log(l => l.MfaEnabledAsync(mike));
            s.SignOut();

            // Day 2.
            s = SignIn(DemoUsers.Sarah, SarahDesk, DayAt(2, 10, 5));
            s.Log(l => l.CreatedAsync(latencyRule, "Created alert rule Slow responses (latency_ms > 750 for 5m)"));
            s.Log(l => l.DeletedAsync(pingRule));
            s.SignOut();
            s = SignIn(DemoUsers.Mike, MikePhone, DayAt(2, 18, 20));
            s.Log(l => l.MfaDisabledAsync(mike));
            s.SignOut();

            // Yesterday: load tuning, and another key runs out.
            SystemJob(DayAt(1, 0, 0)).Log(l => l.ApiKeyExpiredAsync(new AuditResource("api_key", "key-staging-smoke", "Staging smoke tests")));
            s = SignIn(DemoUsers.John, JohnOffice, DayAt(1, 14, 20));
            s.Log(l => l.UpdatedAsync(web03, AuditDiff.Between(new { load_multiplier = 1.0 }, new { load_multiplier = 1.5 })));
            s.Log(l => l.UpdatedAsync(cache01, AuditDiff.Between(new { load_multiplier = 1.0 }, new { load_multiplier = 2.0 })));
            s.SignOut();

            // Today, a few hours ago. Soon after midnight UTC that is late yesterday: an hour clear of the brute force on
            // Sarah, so that its finding counts the attacker's failures only, whatever the time of day.
            var recent = now.AddHours(-3);
            if ((recent - BruteForceStart).Duration() < TimeSpan.FromHours(1))
            {
                recent = BruteForceStart.AddHours(-1);
            }

            s = Anonymous(SarahDesk, recent.AddMinutes(-10));
            s.Log(l => l.LoginFailedAsync("sarah", "invalid password", DemoUsers.Sarah));
            s = SignIn(DemoUsers.Sarah, SarahDesk, recent);
            s.Log(l => l.UpdatedAsync(diskRule, AuditDiff.Between(new { duration_minutes = 5 }, new { duration_minutes = 10 })));
            s.SignOut();

            AddRoutineSessions();
            AddReviewEpisodes();

            // Fired together, so that the writer commits them in a few group-commit batches.
            await Task.WhenAll(_writes).WaitAsync(cancellationToken);
        }

        /// <summary>Everyday sign-ins and sign-outs around the scripted work.</summary>
        private void AddRoutineSessions()
        {
            var people = new[] { (DemoUsers.John, JohnOffice, 8), (DemoUsers.Sarah, SarahDesk, 9), (DemoUsers.Mike, MikeLaptop, 9) };
            for (var day = 13; day >= 1; day--)
            {
                foreach (var (actor, place, hour) in people)
                {
                    if (_random.NextDouble() < 0.2)
                    {
                        continue;
                    }

                    SignIn(actor, place, DayAt(day, hour - 1, _random.Next(0, 59))).SignOut(afterMinutes: _random.Next(240, 520));
                    if (_random.NextDouble() < 0.4)
                    {
                        SignIn(actor, place, DayAt(day, 17, _random.Next(0, 59))).SignOut(afterMinutes: _random.Next(20, 90));
                    }
                }
            }
        }

        /// <summary>A time on a day before today (UTC), <paramref name="daysAgo"/> of at least 1.</summary>
        private DateTimeOffset DayAt(int daysAgo, int hour, int minute) =>
            new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-daysAgo).AddHours(hour).AddMinutes(minute);

        private Session SignIn(AuditActor actor, Place place, DateTimeOffset at)
        {
            var session = new Session(this, actor, place, at);
            session.Log(l => l.LoginSucceededAsync(actor));
            return session;
        }

        private Session Anonymous(Place place, DateTimeOffset at) => new(this, AuditActor.Anonymous, place, at);

        private Session SystemJob(DateTimeOffset at) => new(this, AuditActor.System, place: null, at);

        /// <summary>
        /// One visit: an <see cref="IAuditLogger"/> that fills what the request context would (actor, IP, user agent,
        /// correlation id) and moves the clock a few minutes per event, so the library's helpers can be used as is.
        /// </summary>
        private sealed class Session(History history, AuditActor actor, Place? place, DateTimeOffset start) : IAuditLogger
        {
            private readonly string _correlation = Guid.NewGuid().ToString("N");
            private DateTimeOffset _clock = start;

            public void Log(Func<IAuditLogger, Task<Guid>> record) => history._writes.Add(record(this));

            public void SignOut(int? afterMinutes = null)
            {
                if (afterMinutes is { } minutes)
                {
                    _clock = _clock.AddMinutes(minutes);
                }

                Log(l => l.LogoutAsync());
            }

            public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
            {
                var at = _clock;
                _clock = _clock.AddMinutes(history._random.Next(1, 9)).AddSeconds(history._random.Next(0, 59));
                return history.Write(auditEvent with
                {
                    OccurredAt = auditEvent.OccurredAt ?? at,
                    Actor = auditEvent.Actor ?? actor,
                    SourceIp = auditEvent.SourceIp ?? place?.Ip,
                    UserAgent = auditEvent.UserAgent ?? place?.UserAgent,
                    CorrelationId = auditEvent.CorrelationId ?? _correlation,
                }, cancellationToken);
            }
        }

        private Task<Guid> Write(AuditEvent auditEvent, CancellationToken cancellationToken)
        {
            // Never in the future: a routine session late in a day that is today in another time zone stays in the past.
            var occurred = auditEvent.OccurredAt!.Value;
            return audit.LogAsync(occurred > now ? auditEvent with { OccurredAt = now.AddMinutes(-1) } : auditEvent, cancellationToken);
        }
    }
}
