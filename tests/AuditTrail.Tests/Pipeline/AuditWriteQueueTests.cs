using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Pipeline;

/// <summary>Delivery modes, group commit, failures and shutdown, observed through a fake sink.</summary>
public sealed class AuditWriteQueueTests
{
    private static AuditEvent Event(int i = 0) => new() { Action = "test.event", ActionType = AuditActionType.Create, Description = $"#{i}" };

    [Fact]
    public async Task LogAsync_Durable_CompletesOnlyAfterTheBatchIsCommitted()
    {
        var store = new FakeAuditStore();
        var gate = new TaskCompletionSource();
        store.Gate = gate.Task;
        await using var services = TestHost.Create(store);
        var logger = services.GetRequiredService<IAuditLogger>();

        var pending = logger.LogAsync(Event());
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the writer hands the batch to the store");
        pending.IsCompleted.Should().BeFalse("the store has not committed yet");

        gate.SetResult();
        var id = await pending;
        store.Stored.Should().ContainSingle(r => r.Id == id);
    }

    [Fact]
    public async Task LogAsync_ManyConcurrentDurableCallers_ShareBatches()
    {
        var store = new FakeAuditStore();
        var gate = new TaskCompletionSource();
        store.Gate = gate.Task;
        await using var services = TestHost.Create(store);
        var logger = services.GetRequiredService<IAuditLogger>();

        var calls = Enumerable.Range(0, 100).Select(i => Task.Run(() => logger.LogAsync(Event(i)))).ToList();
        await Poll.UntilAsync(() => store.WriteCalls > 0, "the writer hands a first batch to the store");

        gate.SetResult();
        var ids = await Task.WhenAll(calls);

        ids.Should().OnlyHaveUniqueItems();
        store.Stored.Select(r => r.Id).Should().BeEquivalentTo(ids);
        store.Batches.Count.Should().BeLessThan(100).And.BeGreaterThan(0);
    }

    /// <summary>
    /// Caller A's commit releases A while caller B's event waits in the queue: two events were in flight. The writer
    /// takes B's event and holds the batch until A's next event joins it, instead of committing B alone.
    /// </summary>
    [Fact]
    public async Task LogAsync_Durable_CallerReleasedByACommit_JoinsTheNextBatch()
    {
        // The longest wait allowed: the batch must close because A's event arrived, not because the wait ran out.
        await using var two = await TwoCallersInFlight.StartAsync();
        var callerA = Task.Run(async () =>
        {
            await two.First;
            return await two.Logger.LogAsync(Event(3));
        });
        var ids = await two.CommitAsync(callerA);

        two.Queue.HeldBatches.Should().Be(1);
        two.Store.Batches.Select(b => b.Select(r => r.Id).ToArray()).Should().BeEquivalentTo(
            new[] { new[] { ids[0] }, new[] { ids[1], ids[2] } },
            o => o.WithStrictOrdering());
    }

    /// <summary>A released caller that logs nothing more delays the next commit by the wait at most.</summary>
    [Fact]
    public async Task LogAsync_Durable_ReleasedCallerThatDoesNotComeBack_NextBatchCommitsAfterTheWait()
    {
        await using var two = await TwoCallersInFlight.StartAsync();
        var ids = await two.CommitAsync();

        two.Queue.HeldBatches.Should().Be(1);
        two.Store.Batches.Select(b => b.Select(r => r.Id).ToArray()).Should().BeEquivalentTo(
            new[] { new[] { ids[0] }, new[] { ids[1] } },
            o => o.WithStrictOrdering());
    }

    /// <summary>One caller in flight at a time: its commit releases one caller and leaves nothing queued, so no batch is held.</summary>
    [Fact]
    public async Task LogAsync_Durable_OneCallerAtATime_NoBatchIsHeld()
    {
        var store = new FakeAuditStore();
        await using var services = TestHost.Create(store, o => o.GroupCommitWait = TimeSpan.FromMilliseconds(100));
        var logger = services.GetRequiredService<IAuditLogger>();

        for (var i = 0; i < 5; i++)
        {
            await logger.LogAsync(Event(i)).WaitAsync(TimeSpan.FromSeconds(30));
        }

        services.GetRequiredService<AuditWriteQueue>().HeldBatches.Should().Be(0);
        store.Batches.Should().HaveCount(5).And.OnlyContain(b => b.Count == 1);
    }

    [Fact]
    public async Task LogAsync_Durable_StoreKeepsFailing_ThrowsAuditWriteExceptionAfterTheConfiguredAttempts()
    {
        var store = new FakeAuditStore { FailWith = new IOException("disk I/O error") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 3);
        var logger = services.GetRequiredService<IAuditLogger>();

        var act = () => logger.LogAsync(Event());

        (await act.Should().ThrowAsync<AuditWriteException>())
            .WithMessage("*after 3 attempt(s)*disk I/O error*")
            .WithInnerException<IOException>();
        store.WriteCalls.Should().Be(3);
        store.Stored.Should().BeEmpty();
    }

    [Fact]
    public async Task LogAsync_Durable_TransientFailure_IsRetriedAndSucceedsOnce()
    {
        var store = new FakeAuditStore { TransientFailures = 4 };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 5);
        var logger = services.GetRequiredService<IAuditLogger>();

        var id = await logger.LogAsync(Event());

        store.WriteCalls.Should().Be(5);
        store.Stored.Should().ContainSingle(r => r.Id == id);
    }

    [Fact]
    public async Task LogAsync_Buffered_CompletesOnEnqueue_AndAFullQueueMakesCallersWait()
    {
        var store = new FakeAuditStore();
        var gate = new TaskCompletionSource();
        store.Gate = gate.Task;
        await using var services = TestHost.Create(store, o =>
        {
            o.DeliveryMode = AuditDeliveryMode.Buffered;
            o.QueueCapacity = 2;
            o.MaxBatchSize = 1;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        await logger.LogAsync(Event(1));
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the writer takes the first event and waits at the store's gate");

        await logger.LogAsync(Event(2));
        await logger.LogAsync(Event(3));
        var waiting = logger.LogAsync(Event(4));
        services.GetRequiredService<AuditWriteQueue>().Pending.Should().Be(2, "the queue holds its capacity while the writer waits");
        waiting.IsCompleted.Should().BeFalse("the queue is full; the caller waits instead of the event being dropped");

        gate.SetResult();
        await waiting;
        await ((IAsyncDisposable)services).DisposeAsync();
        store.Stored.Select(r => r.Description).Should().Equal("#1", "#2", "#3", "#4");
    }

    [Fact]
    public async Task Shutdown_FlushesEveryBufferedEvent()
    {
        var store = new FakeAuditStore();
        var services = TestHost.Create(store, o => o.DeliveryMode = AuditDeliveryMode.Buffered);
        var logger = services.GetRequiredService<IAuditLogger>();

        for (var i = 0; i < 5000; i++)
        {
            await logger.LogAsync(Event(i));
        }

        await services.DisposeAsync();

        store.Stored.Should().HaveCount(5000);
        store.Stored.Select(r => r.Description).Should().Equal(Enumerable.Range(0, 5000).Select(i => $"#{i}"), "one writer keeps the accepted order");
    }

    [Fact]
    public async Task LogAsync_AfterShutdown_ThrowsObjectDisposedException()
    {
        var store = new FakeAuditStore();
        var services = TestHost.Create(store);
        var logger = services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(Event());
        foreach (var hosted in services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await FluentActions.Awaiting(() => logger.LogAsync(Event())).Should().ThrowAsync<ObjectDisposedException>();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task LogAsync_SameIdTwice_IsStoredOnce()
    {
        var store = new FakeAuditStore();
        await using var services = TestHost.Create(store);
        var logger = services.GetRequiredService<IAuditLogger>();
        var id = Guid.CreateVersion7();

        await logger.LogAsync(Event() with { Id = id });
        await logger.LogAsync(Event() with { Id = id });

        store.Stored.Should().ContainSingle(r => r.Id == id);
    }

    /// <summary>
    /// Two durable callers with <see cref="AuditTrailOptions.GroupCommitWait"/> at its most (100 ms): the first
    /// event's commit is held by the store's gate while the second event waits in the queue behind it.
    /// </summary>
    private sealed class TwoCallersInFlight : IAsyncDisposable
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ServiceProvider _services;

        private TwoCallersInFlight()
        {
            Store.Gate = _gate.Task;
            _services = TestHost.Create(Store, o => o.GroupCommitWait = TimeSpan.FromMilliseconds(100));
            Logger = _services.GetRequiredService<IAuditLogger>();
            Queue = _services.GetRequiredService<AuditWriteQueue>();
        }

        public FakeAuditStore Store { get; } = new();

        public IAuditLogger Logger { get; }

        public AuditWriteQueue Queue { get; }

        public Task<Guid> First { get; private set; } = null!;

        public Task<Guid> Second { get; private set; } = null!;

        public static async Task<TwoCallersInFlight> StartAsync()
        {
            var two = new TwoCallersInFlight();
            two.First = two.Logger.LogAsync(Event(1));
            await Poll.UntilAsync(() => two.Store.WriteCalls == 1, "the first event's commit waits at the store's gate", TimeSpan.FromSeconds(30));
            two.Second = two.Logger.LogAsync(Event(2));
            await Poll.UntilAsync(() => two.Queue.Pending == 1, "the second event waits in the queue", TimeSpan.FromSeconds(30));
            return two;
        }

        /// <summary>Lets the first commit through; returns the ids of both events and of <paramref name="more"/>, once all are committed.</summary>
        public async Task<Guid[]> CommitAsync(params Task<Guid>[] more)
        {
            _gate.SetResult();
            return await Task.WhenAll([First, Second, .. more]).WaitAsync(TimeSpan.FromSeconds(30));
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }
}
