using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The feed on a shared PostgreSQL database: sequence order is commit order. Writers assign sequences under the chain
/// lock (pg_advisory_xact_lock) and commit before it is released, so a reader never sees sequence N+1 before N is
/// visible, and a position (the last sequence handled) never skips a record that commits later.
/// </summary>
public sealed class FeedOrderTests
{
    [PostgreSqlFact]
    public async Task ConcurrentInstancesWriting_AReaderFollowingItsPosition_SeesEverySequenceOnceInOrderWithoutAGap()
    {
        await using var schema = await TestSchema.CreateAsync();

        // Both write paths: the batched statement and row by row under the lock; each instance has its own connections.
        var writers = new[] { schema.CreateStore(batchedWrites: true), schema.CreateStore(batchedWrites: true), schema.CreateStore(batchedWrites: false), schema.CreateStore(batchedWrites: false) };
        var reader = schema.CreateStore();
        await reader.InitializeAsync();
        const int batchesPerWriter = 39;
        var now = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);
        var start = new TaskCompletionSource();
        var writing = writers.Select((store, w) => Task.Run(async () =>
        {
            await start.Task;
            for (var b = 0; b < batchesPerWriter; b++)
            {
                // Batches of one to three records, so that commits of different sizes interleave.
                await store.WriteAsync(Some.Records(1 + (b % 3), i => Some.Time((w * 1000) + (b * 3) + i)));
            }
        })).ToArray();
        var expected = writers.Length * (batchesPerWriter / 3) * (1 + 2 + 3);

        var position = 0L;
        var seen = new List<AuditFeedEntry>();
        var readsWhileWriting = 0;
        var lease = await reader.TryAcquireLeaseAsync("order-check", "reader", now, TimeSpan.FromMinutes(10));
        lease.Should().NotBeNull();
        start.SetResult();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (position < expected)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the reader catches up with the writers");
            var batch = new List<AuditFeedEntry>();
            await foreach (var entry in reader.ReadChainAsync(position))
            {
                batch.Add(new AuditFeedEntry(entry.Sequence, entry.Record));
                if (batch.Count == 25)
                {
                    break;
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Sequence.Should().Be(position + i + 1, "a reader never sees a sequence before every earlier one is visible");
            }

            if (batch.Count > 0)
            {
                readsWhileWriting += writing.All(task => task.IsCompleted) ? 0 : 1;
                position = batch[^1].Sequence;
                seen.AddRange(batch);
                await reader.AdvanceAsync("order-check", "reader", position, now);
            }
            else
            {
                await Task.Delay(1); // caught up for now: poll again, bounded by the deadline
            }
        }

        await Task.WhenAll(writing);
        seen.Select(entry => entry.Record.Id).Should().OnlyHaveUniqueItems().And.HaveCount(expected);
        (await reader.GetCheckpointsAsync()).Single().Position.Should().Be(expected);
        readsWhileWriting.Should().BeGreaterThan(1, "the reader followed the writers, not a finished trail");
    }
}
