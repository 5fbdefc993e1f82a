namespace AuditTrail.Tests.Review;

/// <summary>
/// A random history for the review, around a short period (so that tiny read windows stay few): logins failed and
/// succeeded at odd hours and places, brute force and spraying bursts, bulk deletes, changes in and out of a
/// maintenance window, departures followed by actions, privilege grants, stops, starts and purges of the trail; many
/// records share one instant, and many fall on whole seconds, minutes and the period's edges.
/// </summary>
public static class RandomReviewHistory
{
    /// <summary>The period reviewed: two hours on a Wednesday morning.</summary>
    public static readonly DateTimeOffset From = Trail.Monday.AddDays(2).AddHours(9);

    public static readonly DateTimeOffset Until = From.AddHours(2);

    private static readonly string[] Users = ["u-ann", "u-bob", "u-cid", "u-dee", "u-eve"];

    private static readonly string[] Ips = ["203.0.113.7", "203.0.113.9", "198.51.100.4", "192.0.2.77", "2001:db8::1"];

    public static Trail Build(int seed)
    {
        var random = new Random(seed);
        var trail = new Trail();
        var o = trail.Options;
        o.LoginBaseline.Period = TimeSpan.FromHours(1);
        o.LoginBaseline.MinLogins = 2;
        o.BruteForce.Threshold = 4;
        o.PasswordSpraying.Threshold = 3;
        o.PasswordSpraying.Window = TimeSpan.FromMinutes(20);
        o.BulkDelete.Threshold = 5;
        o.Maintenance.EpisodeGap = TimeSpan.FromMinutes(15);
        o.Maintenance.OneOff.Add(new AuditMaintenancePeriod(From.AddMinutes(30), From.AddMinutes(60)));
        trail.TrailOptions.Retention.Period = TimeSpan.FromDays(30);

        // Long before: who is an admin, who left, whose keys exist.
        trail.RoleChanged(From.AddDays(-3), "u-root", "u-eve", "User", "Admin");
        trail.Record(From.AddDays(-2), Trail.User("u-dee"), AuditActions.ApiKeyCreated, AuditActionType.Security, resource: new AuditResource("api_key", "key-dee", "deploy"));

        for (var i = 0; i < 60; i++)
        {
            var at = Time(random);
            switch (random.Next(12))
            {
                case 0:
                    for (var k = random.Next(3, 8); k > 0; k--)
                    {
                        trail.LoginFailed(At(random, at), Pick(random, Users), Pick(random, Ips));
                    }

                    break;
                case 1:
                    for (var k = random.Next(2, 6); k > 0; k--)
                    {
                        trail.LoginSucceeded(At(random, at), Pick(random, Users), Pick(random, Ips), random.Next(2) == 0 ? Trail.Chrome : Trail.Firefox);
                    }

                    break;
                case 2:
                    var deleter = Pick(random, Users);
                    for (var k = random.Next(3, 9); k > 0; k--)
                    {
                        trail.Change(At(random, at), deleter, AuditActionType.Delete);
                    }

                    break;
                case 3:
                    trail.Change(at, Pick(random, Users), (AuditActionType)Pick(random, new[] { AuditActionType.Create, AuditActionType.Update, AuditActionType.Delete }));
                    break;
                case 4:
                    trail.Security(at, "u-root", AuditActions.AccountDeactivated, Pick(random, Users));
                    break;
                case 5:
                    trail.RoleChanged(at, "u-root", Pick(random, Users), "User", random.Next(2) == 0 ? "Admin" : "User");
                    break;
                case 6:
                    trail.Security(at, "u-root", random.Next(2) == 0 ? AuditActions.MfaDisabled : AuditActions.MfaEnabled, Pick(random, Users));
                    break;
                case 7:
                    trail.Record(at, AuditActor.ApiKey("key-dee", "deploy"), "server.updated", AuditActionType.Update);
                    break;
                case 8:
                    trail.System(at, random.Next(2) == 0 ? AuditActions.AuditStopped : AuditActions.AuditStarted);
                    break;
                case 9:
                    trail.Purged(at, at.AddDays(-30).AddMinutes(random.Next(-90, 5)));
                    break;
                case 10:
                    trail.Record(at, Trail.User(Pick(random, Users)), AuditActions.AuditExported, AuditActionType.Access,
                        metadata: new() { ["count"] = random.Next(20_000).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    break;
                default:
                    trail.Record(at, Trail.User(Pick(random, Users)), random.Next(2) == 0 ? AuditActions.ApiKeyDeleted : AuditActions.ApiKeyCreated, AuditActionType.Security,
                        resource: new AuditResource("api_key", "key-" + random.Next(3), "k"));
                    break;
            }
        }

        return trail;
    }

    /// <summary>A time around the period: often on a whole second or minute, or exactly on one of its edges.</summary>
    private static DateTimeOffset Time(Random random)
    {
        var start = From.AddMinutes(-75);
        var at = start.AddTicks((long)(random.NextDouble() * (Until.AddMinutes(20) - start).Ticks));
        return random.Next(6) switch
        {
            0 => new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero),
            1 => new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero),
            2 => Pick(random, new[] { From, Until, From.AddMinutes(30), From.AddMinutes(60), From.AddHours(-1), Until.AddMinutes(10) }),
            _ => at,
        };
    }

    /// <summary>The same instant (half the time), or a few seconds after it.</summary>
    private static DateTimeOffset At(Random random, DateTimeOffset at) =>
        random.Next(2) == 0 ? at : at.AddMilliseconds(random.Next(0, 5000));

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
