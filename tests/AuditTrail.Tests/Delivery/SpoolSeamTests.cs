using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Delivery;

/// <summary>The core's spool seam: any <see cref="IAuditSpool"/> registered with <c>UseSpool</c> keeps fail-open events and is replayed first.</summary>
public sealed class SpoolSeamTests
{
    private static AuditEvent Event(int i) => new() { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" };

    [Fact]
    public async Task UseSpool_HostSpool_KeepsFailOpenEventsWhileTheStoreFails_AndIsReplayedBeforeNewerEvents()
    {
        var spool = new MemorySpool();
        var store = new FakeAuditStore { FailWith = new TimeoutException("store down") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 1, trail: trail => trail.UseSpool(_ => spool));
        var logger = services.GetRequiredService<IAuditLogger>();
        services.GetRequiredService<AuditWriteQueue>().SpoolDirectory.Should().Be(MemorySpool.Name);

        var first = await logger.LogAsync(Event(1));
        spool.PendingEvents.Should().Be(1, "the durable caller was released once its event was set aside");
        store.FailWith = null;
        var second = await logger.LogAsync(Event(2));

        store.Stored.Select(r => r.Id).Should().Equal(first, second);
        spool.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task UseSpool_FactoryReturnsNull_RunsWithoutASpool()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("store down") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 1, trail: trail => trail.UseSpool(_ => null));

        var act = () => services.GetRequiredService<IAuditLogger>().LogAsync(Event(1));

        (await act.Should().ThrowAsync<AuditWriteException>()).WithMessage("*no spool is configured*");
    }

    [Fact]
    public async Task EventsLeftBehindByAStoppedProcess_AreLookedForBetweenBatchesEveryReplayInterval_AndReplayedBeforeNewerEvents()
    {
        var spool = new MemorySpool();
        var time = new ManualTimeProvider(TestHost.Start);
        var store = new FakeAuditStore();
        await using var services = TestHost.Create(store, o => o.Spool.ReplayInterval = TimeSpan.FromHours(1), time, trail: trail => trail.UseSpool(_ => spool));
        var logger = services.GetRequiredService<IAuditLogger>();
        var first = await logger.LogAsync(Event(1));
        var left = new AuditRecord { Id = Guid.CreateVersion7(), OccurredAt = TestHost.Start, RecordedAt = TestHost.Start, Actor = AuditActor.System, Action = "server.updated", ActionType = AuditActionType.Update };
        spool.LeaveBehind(left);

        var second = await logger.LogAsync(Event(2));
        store.Stored.Select(r => r.Id).Should().Equal(first, second);
        spool.Looks.Should().Be(0, "no replay interval has passed since the spool opened");

        time.Elapse(TimeSpan.FromHours(1));
        var third = await logger.LogAsync(Event(3));
        await Poll.UntilAsync(() => spool.Looks == 1, "the writer looks once the interval has passed, between batches");
        var fourth = await logger.LogAsync(Event(4));

        store.Stored.Select(r => r.Id).Should().Equal(first, second, third, left.Id, fourth);
        spool.Looks.Should().Be(1);
    }

    /// <summary>A spool in memory: not durable, which is enough to show what the pipeline asks of a spool.</summary>
    private sealed class MemorySpool : IAuditSpool
    {
        public const string Name = "memory";

        private readonly List<AuditRecord> _records = [];
        private readonly List<AuditRecord> _leftBehind = [];
        private int _looks;

        /// <summary>How many times the pipeline looked for what stopped processes left behind.</summary>
        public int Looks => Volatile.Read(ref _looks);

        /// <summary>A record another process set aside and left behind, found by the next look.</summary>
        public void LeaveBehind(AuditRecord record)
        {
            lock (_records)
            {
                _leftBehind.Add(record);
            }
        }

        public Task FindLeftBehindAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _looks);
            lock (_records)
            {
                _records.AddRange(_leftBehind);
                _leftBehind.Clear();
            }

            return Task.CompletedTask;
        }

        public string Location => Name;

        public long PendingEvents
        {
            get
            {
                lock (_records)
                {
                    return _records.Count;
                }
            }
        }

        public Task OpenAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            lock (_records)
            {
                _records.AddRange(records);
            }

            return Task.CompletedTask;
        }

        public async Task<int> ReplayAsync(Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken = default)
        {
            var replayed = 0;
            while (true)
            {
                List<AuditRecord> batch;
                lock (_records)
                {
                    batch = _records.Take(batchSize).ToList();
                }

                if (batch.Count == 0)
                {
                    return replayed;
                }

                await write(batch, cancellationToken);
                lock (_records)
                {
                    _records.RemoveRange(0, batch.Count);
                }

                replayed += batch.Count;
            }
        }

        public void Dispose()
        {
        }
    }
}
