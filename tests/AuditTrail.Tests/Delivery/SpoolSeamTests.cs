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

    /// <summary>A spool in memory: not durable, which is enough to show what the pipeline asks of a spool.</summary>
    private sealed class MemorySpool : IAuditSpool
    {
        public const string Name = "memory";

        private readonly List<AuditRecord> _records = [];

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
