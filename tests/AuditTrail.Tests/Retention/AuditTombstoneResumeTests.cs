using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Retention;

/// <summary>
/// Passes that resume from what earlier ones concluded end exactly where passes that read the whole chain do: a long
/// chain (more rows than the summary keeps runs) of mixed periods, rows tombstoned past the longest one, some rows kept forever, some logged late with an
/// older time, passes every few days as rows are written.
/// </summary>
public sealed class AuditTombstoneResumeTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditRetentionOptions Options()
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(120) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(7) });
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "auth.", Period = TimeSpan.FromDays(30) });
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "keep.", Period = null });
        return options;
    }

    private static List<AuditRecord> Trail(int count)
    {
        var random = new Random(20261207);
        string[] actions = ["page.viewed", "page.viewed", "auth.login", "server.updated", "keep.signed"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var recorded = Start.AddMinutes(i * 40);
            var occurred = random.Next(20) == 0 ? recorded.AddDays(-random.Next(1, 60)) : recorded.AddSeconds(-random.Next(5));
            return new AuditRecord
            {
                Id = Guid.CreateVersion7(recorded),
                OccurredAt = occurred,
                RecordedAt = recorded,
                Actor = new AuditActor($"u-{i % 9}", null, AuditActorType.User),
                Action = actions[random.Next(actions.Length)],
                ActionType = AuditActionType.Access,
                Description = $"row {i}",
            };
        })];
    }

    [Fact]
    public async Task Tombstone_ResumedPasses_TombstoneExactlyWhatFullPassesDo_AndReadFarFewerRows()
    {
        var trail = Trail(6_000);
        var full = new ChainedFakeStore();
        var resumed = new ChainedFakeStore();
        var resume = new AuditTombstoneResume();
        var policy = new AuditRetentionPolicy(Options());
        var written = 0;
        for (var anchor = Start.AddDays(3); anchor < Start.AddDays(200); anchor = anchor.AddDays(3))
        {
            var due = trail.Skip(written).TakeWhile(r => r.RecordedAt <= anchor).ToList();
            await full.WriteAsync(due);
            await resumed.WriteAsync(due);
            written += due.Count;

            // No prefix purge (this store keeps every row): rows past the longest period are tombstoned too.
            var expected = await new AuditTombstoner(full, new AuditNoRecordHolds()).TombstoneAsync(policy, anchor, anchor, 100, CancellationToken.None);
            resume.Begin(AuditRetentionPolicyText.Format(Options()), holdsFingerprint: string.Empty);
            var actual = await new AuditTombstoner(resumed, new AuditNoRecordHolds()).TombstoneAsync(policy, anchor, anchor, 100, CancellationToken.None, resume: resume);

            actual.Should().Be(expected, $"the pass at {anchor:yyyy-MM-dd} tombstones as many");
            resumed.Chain.Select(e => e.Tombstone).Should().Equal(full.Chain.Select(e => e.Tombstone), $"the pass at {anchor:yyyy-MM-dd} tombstones the same rows");
        }

        full.Chain.Count(e => e.Tombstone is not null).Should().BeGreaterThan(2_000, "the test expires many rows");
        resumed.RowsRead.Should().BeLessThan(full.RowsRead / 5, "a pass skips the runs read before in which nothing can have expired");
    }

    [Fact]
    public async Task Tombstone_PolicyChangedBetweenPasses_ReadsFromTheAnchorAgain()
    {
        var store = new ChainedFakeStore();
        await store.WriteAsync(Trail(200));
        var resume = new AuditTombstoneResume();
        var anchor = Start.AddDays(100);
        var tombstoner = new AuditTombstoner(store, new AuditNoRecordHolds());
        resume.Begin(AuditRetentionPolicyText.Format(Options()), string.Empty);
        await tombstoner.TombstoneAsync(new AuditRetentionPolicy(Options()), anchor, anchor, 100, CancellationToken.None, resume: resume);
        var first = store.RowsRead;

        var shorter = Options();
        shorter.Period = TimeSpan.FromDays(1);
        resume.Begin(AuditRetentionPolicyText.Format(shorter), string.Empty);
        await tombstoner.TombstoneAsync(new AuditRetentionPolicy(shorter), anchor, anchor, 100, CancellationToken.None, resume: resume);

        (store.RowsRead - first).Should().Be(first, "a changed policy is applied to every row from the anchor");
        store.Chain.Where(e => e.Record.Action == "server.updated").Should().OnlyContain(e => e.Tombstone == "retention:Period");
    }

    [Fact]
    public async Task Tombstone_HoldsThatCannotBeListed_ReadTheHeldRowsAgain_AndTombstoneThemOnceReleased()
    {
        var store = new ChainedFakeStore();
        await store.WriteAsync(Trail(2_000));
        var holds = new SwitchableHolds { HeldActor = "u-3" };
        var tombstoner = new AuditTombstoner(store, holds);
        var resume = new AuditTombstoneResume();
        var policy = new AuditRetentionPolicy(Options());
        var anchor = Start.AddDays(60);
        resume.Begin(AuditRetentionPolicyText.Format(Options()), holdsFingerprint: null);
        await tombstoner.TombstoneAsync(policy, anchor, anchor, 100, CancellationToken.None, resume: resume);
        var held = store.Chain.Where(e => e.Record.Actor.Id == "u-3" && e.Record.Action == "page.viewed" && e.Record.RecordedAt < anchor.AddDays(-7)).ToList();
        held.Should().NotBeEmpty().And.OnlyContain(e => e.Tombstone == null);

        holds.HeldActor = null;
        resume.Begin(AuditRetentionPolicyText.Format(Options()), holdsFingerprint: null);
        await tombstoner.TombstoneAsync(policy, anchor, anchor, 100, CancellationToken.None, resume: resume);

        store.Chain.Where(e => held.Any(h => h.Sequence == e.Sequence)).Should().OnlyContain(e => e.Tombstone != null);
    }

    /// <summary>A host's own holds: retention cannot list them, so a release changes nothing it can compare.</summary>
    private sealed class SwitchableHolds : IAuditRecordHoldCheck
    {
        public string? HeldActor { get; set; }

        public ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(record.Actor.Id == HeldActor);
    }
}
