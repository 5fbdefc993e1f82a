using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Retention;

/// <summary>
/// One long-lived resume state against random histories: after every pass, the rows it tombstoned are exactly those a
/// full pass from the anchor tombstones on a copy of the store taken just before. Records with random categories,
/// tenants and times (backdated, far in the past), time advancing, policies of 2 to 4 periods changed both ways, holds
/// placed and released, another instance's tombstones and prefix purges, consumers lagging, passes cut short.
/// </summary>
public sealed class AuditTombstoneResumeDifferentialTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly int Steps = int.TryParse(Environment.GetEnvironmentVariable("DIFF_STEPS"), out var s) ? s : 400;
    private static readonly string[] Actions = ["page.viewed", "auth.login", "server.updated", "keep.signed", "user.deleted"];
    private static readonly string?[] Tenants = [null, "t1", "t2"];
    private static readonly AuditActionType[] Types = [AuditActionType.Access, AuditActionType.Authentication, AuditActionType.Update, AuditActionType.Delete];
    private static readonly TimeSpan?[] Periods = [TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromDays(365), null];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Tombstone_RandomHistory_EveryResumedPassTombstonesExactlyWhatAFullPassDoes(int seed)
    {
        var random = new Random(seed);
        var store = new ChainedFakeStore();
        var holdStore = new InMemoryAuditLegalHoldStore();
        var holds = new AuditLegalHolds(store, null!, TimeProvider.System, holdStore);
        var resume = new AuditTombstoneResume();
        var options = RandomPolicy(random);
        var now = Start;
        var written = 0;
        var passes = 0;
        var tombstoned = 0;
        var rows = new RowsRead();
        for (var step = 0; step < Steps; step++)
        {
            switch (random.Next(20))
            {
                case < 6:
                    var batch = Enumerable.Range(0, random.Next(1, 30)).Select(_ => RandomRecord(random, now = now.AddSeconds(random.Next(1, 600)), written++)).ToList();
                    await store.WriteAsync(batch);
                    holdStore.Append(batch);
                    break;
                case < 10:
                    now = now.AddHours(random.Next(1, 24 * 40));
                    break;
                case 10:
                    options = RandomPolicy(random);
                    break;
                case 11:
                    await PlaceOrReleaseAsync(random, holdStore, now);
                    break;
                case 12:
                    // Another instance's pass, under its own (possibly different) policy and from a full read.
                    if (await store.GetNewestRecordedAtAsync() is { } newest)
                    {
                        var other = random.Next(2) == 0 ? options : RandomPolicy(random);
                        var anchor = Min(newest, now);
                        await Tombstoner(store, holds).TombstoneAsync(new AuditRetentionPolicy(other), anchor, anchor, 50, CancellationToken.None);
                    }

                    break;
                case 13:
                    // Another instance (or audittrail purge) removes a prefix.
                    if (store.Chain.Count > 0)
                    {
                        store.PurgePrefix(store.Chain[random.Next(store.Chain.Count)].Record.OccurredAt);
                    }

                    break;
                default:
                    passes++;
                    tombstoned += await PassAsync(random, store, holds, holdStore, resume, options, now, rows, $"seed {seed}, step {step}");
                    break;
            }
        }

        passes.Should().BeGreaterThan(50);
        tombstoned.Should().BeGreaterThan(20, "the history expires records inside the chain");
        rows.Resumed.Should().BeLessThan(rows.Full * 3 / 4, "the resumed passes skip what they read before (else this test would check nothing)");
    }

    /// <summary>One pass of the long-lived instance, checked against a full pass on a copy; how many rows it tombstoned.</summary>
    private static async Task<int> PassAsync(Random random, ChainedFakeStore store, AuditLegalHolds holds, InMemoryAuditLegalHoldStore holdStore, AuditTombstoneResume resume, AuditRetentionOptions options, DateTimeOffset now, RowsRead rows, string because)
    {
        if (await store.GetNewestRecordedAtAsync() is not { } newest)
        {
            return 0;
        }

        var policy = new AuditRetentionPolicy(options);
        var anchor = Min(newest, now);
        var shortest = policy.ShortestPeriod!.Value;

        // A consumer behind limits the pass to what it has handled.
        var limit = random.Next(5) == 0 ? anchor - shortest - TimeSpan.FromHours(random.Next(0, 24 * 20)) : anchor - shortest;
        DateTimeOffset? prefixCutoff = policy.LongestPeriod is { } longest && random.Next(3) == 0
            ? await holds.LimitCutoffAsync(anchor - longest) : null;
        var batchSize = random.Next(1, 40);

        if (random.Next(8) == 0)
        {
            // The host stops part way: the pass throws, and whatever it tombstoned stays tombstoned.
            store.CancelAfterRows = random.Next(0, 60);
            resume.Begin(AuditRetentionPolicyText.Format(options), await AuditTombstoneResume.HoldsFingerprintAsync(holds, CancellationToken.None));
            try
            {
                await Tombstoner(store, holds).TombstoneAsync(policy, anchor, limit, batchSize, CancellationToken.None, prefixCutoff, resume);
            }
            catch (OperationCanceledException)
            {
            }

            store.CancelAfterRows = null;
            return 0;
        }

        var full = store.Copy();
        var expected = await Tombstoner(full, holds).TombstoneAsync(policy, anchor, limit, batchSize, CancellationToken.None, prefixCutoff);
        resume.Begin(AuditRetentionPolicyText.Format(options), await AuditTombstoneResume.HoldsFingerprintAsync(holds, CancellationToken.None));
        var before = store.RowsRead;
        var actual = await Tombstoner(store, holds).TombstoneAsync(policy, anchor, limit, batchSize, CancellationToken.None, prefixCutoff, resume);
        rows.Resumed += store.RowsRead - before;
        rows.Full += full.RowsRead;

        store.Chain.Select(e => (e.Sequence, e.Tombstone)).Should().Equal(full.Chain.Select(e => (e.Sequence, e.Tombstone)), $"the resumed pass tombstones what a full one does ({because})");
        actual.Should().Be(expected, because);
        if (prefixCutoff is { } cutoff && random.Next(2) == 0)
        {
            store.PurgePrefix(cutoff);
        }

        return actual;
    }

    private static AuditTombstoner Tombstoner(ChainedFakeStore store, AuditLegalHolds holds) => new(store, new AuditLegalHoldRecordCheck(holds));

    private static async Task PlaceOrReleaseAsync(Random random, InMemoryAuditLegalHoldStore holdStore, DateTimeOffset now)
    {
        var active = (await holdStore.GetHoldsAsync()).Where(h => h.IsActive).ToList();
        if (active.Count > 0 && random.Next(2) == 0)
        {
            await holdStore.ReleaseHoldAsync(active[random.Next(active.Count)].Id, "u-legal", now);
            return;
        }

        var from = now.AddDays(-random.Next(1, 400));
        AuditLegalHoldScope scope = random.Next(3) switch
        {
            0 => new() { TenantId = Tenants[random.Next(1, Tenants.Length)] },
            1 => new() { ActorId = $"u-{random.Next(5)}" },
            _ => new() { From = from, Until = from.AddDays(random.Next(1, 60)) },
        };
        await holdStore.AddHoldAsync(new AuditLegalHold { Id = Guid.NewGuid(), Scope = scope, Reason = "case", PlacedBy = "u-legal", PlacedAt = now });
    }

    private static AuditRecord RandomRecord(Random random, DateTimeOffset recorded, int index)
    {
        var occurred = random.Next(20) switch
        {
            0 => recorded.AddDays(-random.Next(1, 200)),
            1 => recorded.AddDays(-random.Next(365, 365 * 30)),
            _ => recorded.AddSeconds(-random.Next(5)),
        };
        return new AuditRecord
        {
            Id = Guid.CreateVersion7(recorded),
            OccurredAt = occurred,
            RecordedAt = recorded,
            Actor = new AuditActor($"u-{random.Next(5)}", null, AuditActorType.User),
            Action = Actions[random.Next(Actions.Length)],
            ActionType = Types[random.Next(Types.Length)],
            TenantId = Tenants[random.Next(Tenants.Length)],
            Description = $"row {index}",
        };
    }

    /// <summary>A default period and 1 to 3 rules (by action type, action prefix and/or tenant), 2 to 4 distinct periods, at least one finite.</summary>
    private static AuditRetentionOptions RandomPolicy(Random random)
    {
        while (true)
        {
            var options = new AuditRetentionOptions { Period = Periods[random.Next(Periods.Length)] };
            for (var i = random.Next(1, 4); i > 0; i--)
            {
                var rule = new AuditRetentionRule { Period = Periods[random.Next(Periods.Length)] };
                switch (random.Next(4))
                {
                    case 0: rule.ActionType = Types[random.Next(Types.Length)]; break;
                    case 1: rule.TenantId = Tenants[random.Next(1, Tenants.Length)]; break;
                    case 2: rule.ActionCodePrefix = Actions[random.Next(Actions.Length)][..4]; rule.TenantId = Tenants[random.Next(1, Tenants.Length)]; break;
                    default: rule.ActionCodePrefix = Actions[random.Next(Actions.Length)][..4]; break;
                }

                options.Rules.Add(rule);
            }

            var periods = options.Rules.Select(r => r.Period).Append(options.Period).Distinct().Count();
            if (periods is >= 2 and <= 4 && new AuditRetentionPolicy(options).ShortestPeriod is not null)
            {
                return options;
            }
        }
    }

    private sealed class RowsRead
    {
        public long Resumed { get; set; }

        public long Full { get; set; }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
