using AuditTrail.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Tests.Retention;

/// <summary>Per-category expiry inside the chain: tombstones, the verifier's view of them, and held records.</summary>
public sealed class AuditTombstonerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditRetentionOptions Options()
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(7) });
        return options;
    }

    private static async Task<ChainedFakeStore> StoreAsync(params string[] actions)
    {
        var store = new ChainedFakeStore();
        await store.WriteAsync([.. actions.Select((action, i) => new AuditRecord
        {
            Id = Guid.CreateVersion7(Start.AddMinutes(i)),
            OccurredAt = Start.AddMinutes(i),
            RecordedAt = Start.AddMinutes(i),
            Actor = new AuditActor("alice", "Alice", AuditActorType.User),
            Action = action,
            ActionType = AuditActionType.Access,
            Description = "alice did " + action,
            SourceIp = "192.0.2.1",
            UserAgent = "Browser/1.0",
        })]);
        return store;
    }

    [Fact]
    public async Task Tombstone_ShortLivedCategoryBetweenLongLivedOnes_EmptiesItAndTheChainStillVerifies()
    {
        var store = await StoreAsync("auth.login", "page.viewed", "page.viewed", "auth.logout");
        var now = Start.AddDays(30);

        var count = await new AuditTombstoner(store, new AuditNoRecordHolds())
            .TombstoneAsync(new AuditRetentionPolicy(Options()), now, now, batchSize: 1, CancellationToken.None);

        count.Should().Be(2);
        store.Chain.Select(e => e.Tombstone).Should().Equal(null, "retention:Rules[0]", "retention:Rules[0]", null);
        store.Chain[1].Record.Actor.Id.Should().BeEmpty();
        store.Chain[1].Record.Description.Should().BeNull();
        store.Chain[1].Record.Action.Should().Be("page.viewed");
        var report = await new AuditVerifier(store, null, null, Options(), new FakeTimeProvider(now)).VerifyAsync();
        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(4);
        report.TombstonesVerified.Should().Be(2);
    }

    [Fact]
    public async Task Tombstone_BeforeThePeriodRanOut_KeepsEverything()
    {
        var store = await StoreAsync("auth.login", "page.viewed", "auth.logout");
        var now = Start.AddDays(3);

        var count = await new AuditTombstoner(store, new AuditNoRecordHolds())
            .TombstoneAsync(new AuditRetentionPolicy(Options()), now, now, batchSize: 10, CancellationToken.None);

        count.Should().Be(0);
        store.Chain.Should().OnlyContain(e => e.Tombstone == null);
    }

    [Fact]
    public async Task Tombstone_HeldRecord_StaysWhole()
    {
        var store = await StoreAsync("auth.login", "page.viewed", "page.viewed");
        var held = store.Chain[1].Record.Id;
        var now = Start.AddDays(30);

        var count = await new AuditTombstoner(store, new HoldOne(held))
            .TombstoneAsync(new AuditRetentionPolicy(Options()), now, now, batchSize: 10, CancellationToken.None);

        count.Should().Be(1);
        store.Chain[1].Tombstone.Should().BeNull();
        store.Chain[2].Tombstone.Should().Be("retention:Rules[0]");
    }

    [Fact]
    public async Task Tombstone_ConsumerLimit_LeavesWhatItHasNotHandled()
    {
        var store = await StoreAsync("page.viewed", "page.viewed");
        var now = Start.AddDays(30);

        var count = await new AuditTombstoner(store, new AuditNoRecordHolds())
            .TombstoneAsync(new AuditRetentionPolicy(Options()), now, limit: Start.AddMinutes(1), batchSize: 10, CancellationToken.None);

        count.Should().Be(1);
        store.Chain[1].Tombstone.Should().BeNull();
    }

    private sealed class HoldOne(Guid id) : IAuditRecordHoldCheck
    {
        public ValueTask<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default) => ValueTask.FromResult(record.Id == id);
    }
}
