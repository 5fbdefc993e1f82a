using AuditTrail.Samples.Monitoring;
using AuditTrail.Samples.WebApp.Model;

namespace AuditTrail.Samples.WebApp.Background;

internal sealed partial class HistorySeeder
{
    private const string Attacker = "185.220.101.47";
    private const string Sprayer = "45.155.205.99";

    private static readonly Place TomDesk = new("198.51.100.61", Chrome);
    private static readonly Place MikeHotel = new("100.64.23.9", Safari);
    private static readonly Place BackupHost = new("10.0.8.40", Script);

    private sealed partial class History
    {
        /// <summary>The first of the brute force's failed logins: yesterday, 21:30 UTC.</summary>
        private DateTimeOffset BruteForceStart => DayAt(1, 21, 30);

        /// <summary>
        /// One episode of each kind the review looks for, all in the last six days, so that the viewer's Review tab (last
        /// 7 days) shows them on the first run: a brute force on Sarah that ends in a success, a password spray, a night
        /// login and server change outside the maintenance windows, a departed user's API key still in use, a user who
        /// makes himself admin (Priya, made admin on day 3, has no MFA), a bulk export, bulk deletes and a stopped trail.
        /// </summary>
        private void AddReviewEpisodes()
        {
            var db01 = new AuditResource("server", "srv-db-01", "db-01");
            var db02 = new AuditResource("server", "srv-db-02", "db-02");
            var mike = new AuditResource("user", DemoUsers.Mike.Id, DemoUsers.Mike.DisplayName);
            var tom = AuditActor.User("u-tom", "Tom Baker");

            // Day 12: Tom sets up a key for his backup script (he leaves on day 7; the key stays).
            var s = SignIn(tom, TomDesk, DayAt(12, 16, 0));
            s.Log(l => l.ApiKeyCreatedAsync(new AuditResource("api_key", "key-tom-backup", "Tom's backup script")));
            s.SignOut();

            // Day 5, 02:00 to 02:22: one address tries a dozen common user names (password spraying).
            s = Anonymous(new Place(Sprayer, Script), DayAt(5, 2, 0));
            var names = new[] { "admin", "root", "test", "guest", "oracle", "support", "info", "backup", "operator", "postgres", "deploy", "monitor" };
            for (var i = 0; i < names.Length; i++)
            {
                var name = names[i];
                var at = DayAt(5, 2, 0).AddMinutes(2 * i);
                s.Log(l => l.LogAsync(FailedSignIn(name, null, at)));
            }

            // Day 4, 02:05: the trail stops (a host shut down mid-deploy) and no start follows within the allowed gap.
            SystemJob(DayAt(4, 2, 5)).Log(l => l.LogAsync(new AuditEvent
            {
                Action = AuditActions.AuditStopped,
                ActionType = AuditActionType.Security,
                Actor = AuditActor.System,
                Description = "Audit trail stopped",
            }));

            // Day 4, 03:40: John signs in at night and changes db-01 outside the maintenance windows.
            s = SignIn(DemoUsers.John, JohnHome, DayAt(4, 3, 40));
            s.Log(l => l.UpdatedAsync(db01, AuditDiff.Between(new { max_connections = 200 }, new { max_connections = 400 })));
            s.SignOut();

            // Day 3, 11:00: John clears 55 expired alert silences in two minutes (bulk deletes), and at 16:05 exports the trail.
            for (var i = 1; i <= 55; i++)
            {
                var silence = new AuditResource("alert_silence", $"sil-{i:000}", $"Expired silence {i}");
                var at = DayAt(3, 11, 0).AddSeconds(2 * i);
                _writes.Add(Write(new AuditEvent
                {
                    Action = AuditActions.Deleted("alert_silence"),
                    ActionType = AuditActionType.Delete,
                    Actor = DemoUsers.John,
                    Resource = silence,
                    OccurredAt = at,
                    SourceIp = JohnOffice.Ip,
                    UserAgent = JohnOffice.UserAgent,
                }, CancellationToken.None));
            }

            s = SignIn(DemoUsers.John, JohnOffice, DayAt(3, 16, 0));
            s.Log(l => l.LogAsync(new AuditEvent
            {
                Action = AuditActions.AuditExported,
                ActionType = AuditActionType.Access,
                Resource = new AuditResource("audit_log", null, null),
                Description = "Exported audit records as CSV",
                Metadata = new Dictionary<string, string> { ["format"] = "csv", ["count"] = "25000" },
            }));
            s.SignOut();

            // Day 2, 02:10: Tom's backup key, still active, downloads a backup five days after Tom was deactivated.
            new Session(this, AuditActor.ApiKey("key-tom-backup", "Tom's backup script"), BackupHost, DayAt(2, 2, 10)).Log(l => l.LogAsync(new AuditEvent
            {
                Action = "server.backup_downloaded",
                ActionType = AuditActionType.Access,
                Resource = db02,
                Description = "Downloaded the nightly backup of db-02",
            }));

            // Day 2, 18:40: Mike, MFA just disabled, makes himself admin; John sets him back the next morning.
            s = SignIn(DemoUsers.Mike, MikePhone, DayAt(2, 18, 40));
            s.Log(l => l.RoleChangedAsync(mike, Roles.User, Roles.Admin));
            s.SignOut();
            s = SignIn(DemoUsers.John, JohnOffice, DayAt(1, 9, 15));
            s.Log(l => l.RoleChangedAsync(mike, Roles.Admin, Roles.User));
            s.SignOut();

            // Day 1, 12:30: Mike signs in from a hotel network he has never used.
            SignIn(DemoUsers.Mike, MikeHotel, DayAt(1, 12, 30)).SignOut(afterMinutes: 25);

            // Day 1, 21:30: twelve wrong passwords for Sarah from one address in five minutes, then a success from it.
            s = Anonymous(new Place(Attacker, Firefox), BruteForceStart);
            for (var i = 0; i < 12; i++)
            {
                var at = BruteForceStart.AddSeconds(25 * i);
                s.Log(l => l.LogAsync(FailedSignIn("sarah", DemoUsers.Sarah, at)));
            }

            SignIn(DemoUsers.Sarah, new Place(Attacker, Firefox), DayAt(1, 21, 36)).SignOut(afterMinutes: 4);
        }

        /// <summary>A failed sign-in at an exact time (the sessions' clocks move minutes per event; a burst needs seconds).</summary>
        private static AuditEvent FailedSignIn(string userName, AuditActor? knownUser, DateTimeOffset at) => new()
        {
            Action = AuditActions.LoginFailed,
            ActionType = AuditActionType.Authentication,
            Actor = knownUser ?? AuditActor.Anonymous,
            Outcome = AuditOutcome.Failure,
            FailureReason = knownUser is null ? "unknown user name" : "invalid password",
            Resource = new AuditResource("user", knownUser?.Id, userName),
            TargetUser = knownUser is null ? null : new AuditTargetUser(knownUser.Id, knownUser.DisplayName),
            Description = $"Failed sign-in as {userName}",
            Metadata = new Dictionary<string, string> { ["attempted_user"] = userName },
            OccurredAt = at,
        };
    }
}
