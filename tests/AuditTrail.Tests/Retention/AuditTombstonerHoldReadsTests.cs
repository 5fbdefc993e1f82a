using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Retention;

/// <summary>
/// A retention pass asks about legal holds once per batch it tombstones, not once per expired record: each question
/// reads every hold from the store, so a pass over a million expired records made a million reads of the holds table.
/// </summary>
public sealed class AuditTombstonerHoldReadsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TombstoneAsync_ManyExpiredRecords_ReadsTheHoldsOncePerBatch_AndStillLeavesHeldRecordsWhole()
    {
        var actions = new[] { "auth.login" }.Concat(Enumerable.Repeat("page.viewed", 1_000)).Append("auth.logout").ToArray();
        var store = new ChainedFakeStore();
        await store.WriteAsync([.. actions.Select((action, i) => new AuditRecord
        {
            Id = Guid.CreateVersion7(Start.AddMinutes(i)),
            OccurredAt = Start.AddMinutes(i),
            RecordedAt = Start.AddMinutes(i),
            Actor = new AuditActor(i == 500 ? "bob" : "alice", null, AuditActorType.User),
            Action = action,
            ActionType = AuditActionType.Access,
        })]);
        var holds = new CountingHoldStore(new AuditLegalHoldScope { ActorId = "bob" });

        // Nothing is placed or released, so the legal holds service never logs.
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(7) });
        var now = Start.AddDays(30);

        var count = await new AuditTombstoner(store, new AuditLegalHoldRecordCheck(new AuditLegalHolds(store, null!, TimeProvider.System, holds)))
            .TombstoneAsync(new AuditRetentionPolicy(options), now, now, batchSize: 250, CancellationToken.None);

        count.Should().Be(999, "every expired record but the held one");
        store.Chain.Single(e => e.Sequence == 501).Tombstone.Should().BeNull("a legal hold keeps the record whole");
        holds.Reads.Should().BeLessThanOrEqualTo(5, "the holds are read once per batch of 250, not once per expired record");
    }

    /// <summary>A store of one active hold that counts how often the holds are read.</summary>
    private sealed class CountingHoldStore(AuditLegalHoldScope scope) : IAuditLegalHoldStore
    {
        private readonly AuditLegalHold[] _holds =
        [
            new AuditLegalHold { Id = Guid.CreateVersion7(), Scope = scope, Reason = "Case 42", PlacedBy = "u-legal", PlacedAt = Start },
        ];

        public int Reads { get; private set; }

        public Task AddHoldAsync(AuditLegalHold hold, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> ReleaseHoldAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<AuditLegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default)
        {
            Reads++;
            return Task.FromResult<IReadOnlyList<AuditLegalHold>>(_holds);
        }

        public Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditLegalHoldScope scope, CancellationToken cancellationToken = default) =>
            Task.FromResult<DateTimeOffset?>(null);
    }
}
