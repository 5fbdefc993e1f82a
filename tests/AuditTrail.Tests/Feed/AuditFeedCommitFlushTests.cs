using System.Runtime.CompilerServices;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Feed;

/// <summary>
/// A store whose rows are visible before they are durable (<see cref="IAuditCommitFlush"/>) is flushed after every
/// read that found rows and before the feed hands them on; a failed flush hands on nothing.
/// </summary>
public sealed class AuditFeedCommitFlushTests
{
    [Fact]
    public async Task Read_ThatFindsRows_FlushesAfterTheReadAndBeforeReturningThem()
    {
        var store = new FlushingChain(Records(3));
        var feed = new AuditFeed(store, new InMemoryAuditConsumerCheckpoints());

        var batch = await feed.ReadAsync(0, 2, CancellationToken.None);

        batch.Select(entry => entry.Sequence).Should().Equal(1, 2);
        store.Steps.Should().Equal("read 1", "read 2", "flush");
    }

    [Fact]
    public async Task Read_ThatFindsNothing_DoesNotFlush()
    {
        var store = new FlushingChain(Records(3));
        var feed = new AuditFeed(store, new InMemoryAuditConsumerCheckpoints());

        (await feed.ReadAsync(3, 10, CancellationToken.None)).Should().BeEmpty();

        store.Steps.Should().BeEmpty();
    }

    [Fact]
    public async Task Read_WhoseFlushFails_HandsOnNothing_AndSaysWhy()
    {
        var store = new FlushingChain(Records(2)) { FlushFailure = new TimeoutException("the flush did not finish") };
        var feed = new AuditFeed(store, new InMemoryAuditConsumerCheckpoints());

        var read = () => feed.ReadAsync(0, 10, CancellationToken.None);

        await read.Should().ThrowAsync<TimeoutException>().WithMessage("the flush did not finish");
    }

    private static List<AuditChainEntry> Records(int count)
    {
        var store = new ChainedFakeStore();
        store.WriteAsync(Some.Records(count, Some.Time)).GetAwaiter().GetResult();
        return [.. store.Chain];
    }

    private sealed class FlushingChain(List<AuditChainEntry> entries) : IAuditChainStore, IAuditCommitFlush
    {
        public List<string> Steps { get; } = [];

        public Exception? FlushFailure { get; init; }

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<AuditChainPosition?>(new AuditChainPosition(entries[^1].Sequence, entries[^1].Hash));

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var entry in entries.Where(entry => entry.Sequence > afterSequence))
            {
                await Task.Yield();
                Steps.Add($"read {entry.Sequence}");
                yield return entry;
            }
        }

        public Task FlushCommittedAsync(CancellationToken cancellationToken = default)
        {
            Steps.Add("flush");
            return FlushFailure is null ? Task.CompletedTask : Task.FromException(FlushFailure);
        }
    }
}
