using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// One long-lived retention instance through a random history on the store: after each of its passes a new instance's
/// full pass finds nothing more to tombstone or purge, and every row it tombstoned had expired and was not held.
/// Records of random categories, tenants and actors (some backdated), time passing, the policy shortened and lengthened,
/// holds placed and released, erasures, and another host's passes under its own policy.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    private static readonly string[] RandomActions = ["page.viewed", "session.started", "server.updated", "user.deleted"];
    private static readonly string?[] RandomTenants = [null, "t1", "t2"];
    private static readonly AuditActionType[] RandomTypes = [AuditActionType.Access, AuditActionType.Authentication, AuditActionType.Update];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Resume_RandomHistory_ANewInstanceFindsNothingMoreAfterEveryPass(int seed)
    {
        var random = new Random(seed);
        await _services!.DisposeAsync();
        _services = BuildRandomHost(random);
        await using var other = BuildRandomHost(random);
        var passes = 0;
        var tombstoned = 0;
        for (var step = 0; step < 100; step++)
        {
            switch (random.Next(16))
            {
                case < 4:
                    var backdated = random.Next(6) == 0 ? TimeSpan.FromDays(random.Next(1, 400)) : TimeSpan.Zero;
                    await Logger.LogAsync(new AuditEvent
                    {
                        Action = RandomActions[random.Next(RandomActions.Length)],
                        ActionType = RandomTypes[random.Next(RandomTypes.Length)],
                        TenantId = RandomTenants[random.Next(RandomTenants.Length)],
                        Actor = AuditActor.User($"u-{random.Next(4)}", null),
                        OccurredAt = Clock.GetUtcNow() - backdated,
                    });
                    break;
                case < 7:
                    Clock.Elapse(TimeSpan.FromHours(random.Next(1, 24 * 20)));
                    break;
                case 7 when random.Next(2) == 0:
                    RandomizePolicy(random, Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention);
                    break;
                case 8:
                    await PlaceOrReleaseHoldAsync(random);
                    break;
                case 9:
                    try
                    {
                        await Services.GetRequiredService<IAuditErasure>().EraseActorAsync($"u-{random.Next(4)}", AuditActor.User("u-dpo", null));
                    }
                    catch (AuditErasureRefusedException)
                    {
                        // A hold covers one of the person's records.
                    }

                    break;
                case 10:
                    await other.GetRequiredService<IAuditRetention>().PurgeAsync();
                    break;
                default:
                    passes++;
                    tombstoned += await CheckedPassAsync($"seed {seed}, step {step}");
                    break;
            }
        }

        passes.Should().BeGreaterThan(5);
        tombstoned.Should().BeGreaterThan(0, "the history expires records inside the chain");
    }

    private ServiceProvider BuildRandomHost(Random random) => Build(CreateStore(), o =>
    {
        o.Erasure.PseudonymKey = PseudonymKey;
        RandomizePolicy(random, o.Retention);
    });

    /// <summary>A default period and one or two rules, by action prefix, action type or tenant (periods of 1 to 90 days, or forever).</summary>
    private static void RandomizePolicy(Random random, AuditRetentionOptions retention)
    {
        TimeSpan? Period() => random.Next(6) == 0 ? null : TimeSpan.FromDays(new[] { 1, 3, 7, 30, 90 }[random.Next(5)]);
        retention.Period = TimeSpan.FromDays(new[] { 7, 30, 90 }[random.Next(3)]);
        retention.Rules.Clear();
        for (var i = random.Next(1, 3); i > 0; i--)
        {
            retention.Rules.Add(random.Next(3) switch
            {
                0 => new AuditRetentionRule { ActionCodePrefix = RandomActions[random.Next(RandomActions.Length)][..4], Period = Period() },
                1 => new AuditRetentionRule { ActionType = RandomTypes[random.Next(RandomTypes.Length)], Period = Period() },
                _ => new AuditRetentionRule { TenantId = RandomTenants[random.Next(1, RandomTenants.Length)], Period = Period() },
            });
        }
    }

    private async Task PlaceOrReleaseHoldAsync(Random random)
    {
        var holds = Services.GetRequiredService<IAuditLegalHolds>();
        var legal = AuditActor.User("u-legal", null);
        var active = await holds.ListAsync(tenantId: null, includeReleased: false);
        if (active.Count > 0 && random.Next(2) == 0)
        {
            await holds.ReleaseAsync(active[random.Next(active.Count)].Id, legal);
            return;
        }

        var from = Clock.GetUtcNow().AddDays(-random.Next(1, 300));
        await holds.PlaceAsync(random.Next(3) switch
        {
            0 => new AuditLegalHoldScope { TenantId = RandomTenants[random.Next(1, RandomTenants.Length)] },
            1 => new AuditLegalHoldScope { ActorId = $"u-{random.Next(4)}" },
            _ => new AuditLegalHoldScope { From = from, Until = from.AddDays(random.Next(1, 60)) },
        }, "case", legal);
    }

    /// <summary>The period of <paramref name="record"/> as docs/retention.md states it: the longest of the matching rules' (none is forever), else the default.</summary>
    private static TimeSpan? PeriodOf(AuditRetentionOptions retention, AuditRecord record)
    {
        var matching = retention.Rules.Where(r => r.Matches(record.ActionType, record.Action, record.TenantId)).ToList();
        return matching.Count == 0 ? retention.Period : matching.Any(r => r.Period is null) ? null : matching.Max(r => r.Period);
    }

    /// <summary>
    /// A pass of the long-lived instance: each row it tombstoned had expired under the policy and no active hold covered
    /// it; then a new instance's full pass tombstones and purges nothing.
    /// </summary>
    private async Task<int> CheckedPassAsync(string because)
    {
        var retention = Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention;
        var before = (await ReadChainAsync()).Where(e => e.Tombstone is null).ToDictionary(e => e.Sequence, e => e.Record);
        var holds = await Services.GetRequiredService<IAuditLegalHolds>().ListAsync(tenantId: null, includeReleased: false);
        var newest = await Services.GetRequiredService<IAuditStore>().GetNewestRecordedAtAsync();
        var anchor = newest is { } last && last < Clock.GetUtcNow() ? last : Clock.GetUtcNow();
        await PassAsync();

        foreach (var entry in (await ReadChainAsync()).Where(e => e.Tombstone is not null && before.ContainsKey(e.Sequence)))
        {
            var record = before[entry.Sequence];
            var period = PeriodOf(retention, record);
            period.Should().NotBeNull($"row {entry.Sequence} is kept forever ({because})");
            record.OccurredAt.Should().BeBefore(anchor - period!.Value, $"row {entry.Sequence} had expired ({because})");
            holds.Should().NotContain(h => h.Scope.Covers(record), $"row {entry.Sequence} is held ({because})");
        }

        var tombstoned = (await ReadChainAsync()).Count(e => e.Tombstone is not null && before.ContainsKey(e.Sequence));
        var chain = (await ReadChainAsync()).Select(e => (e.Sequence, e.Tombstone)).ToList();
        await using var fresh = Build(CreateStore(), o =>
        {
            o.Retention.Period = retention.Period;
            foreach (var rule in retention.Rules)
            {
                o.Retention.Rules.Add(new AuditRetentionRule { ActionType = rule.ActionType, ActionCodePrefix = rule.ActionCodePrefix, TenantId = rule.TenantId, Period = rule.Period });
            }
        });
        (await fresh.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, $"a new instance purges nothing more ({because})");
        (await ReadChainAsync()).Select(e => (e.Sequence, e.Tombstone)).Should().Equal(chain, $"a new instance's full pass tombstones nothing more ({because})");
        return tombstoned;
    }
}
