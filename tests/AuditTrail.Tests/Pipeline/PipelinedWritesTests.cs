using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Pipeline;

/// <summary>
/// <see cref="AuditTrailOptions.PipelineWrites"/> with a store that takes batches behind a predecessor: the writer sends
/// the next batch while a full one commits, never more than two, releases callers in order, and when the batch ahead of it
/// was not stored (it failed, was retried, retained, or simply had not committed yet), writes it again after it, so
/// the store receives events in the order they were accepted and each once.
/// </summary>
public sealed class PipelinedWritesTests
{
    private static AuditEvent Event(int i) => new() { Action = "test.event", ActionType = AuditActionType.Create, Description = $"#{i}" };

    /// <summary>Buffered, in batches of one: every batch is full, so the writer may send one behind each.</summary>
    private static void Buffered(AuditTrailOptions options)
    {
        options.DeliveryMode = AuditDeliveryMode.Buffered;
        options.MaxBatchSize = 1;
        options.RecordLifecycleEvents = false;
    }

    /// <summary>Buffered, in batches of up to ten.</summary>
    private static void BufferedByTen(AuditTrailOptions options)
    {
        Buffered(options);
        options.MaxBatchSize = 10;
    }

    [Fact]
    public async Task Buffered_TheNextBatchIsSentWhileOneCommits_AtMostTwoInFlight_StoredInOrder()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        var ahead = Hold(gate => store.AheadGate = gate);
        await using var services = TestHost.Create(store, Buffered);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 100);
        await Poll.UntilAsync(() => store.WriteCalls == 1 && store.AheadCalls == 1, "the second batch is sent while the first one's commit is held");
        store.Stored.Should().BeEmpty();

        // The first commits, then the second finds it stored and is written behind it.
        first.SetResult();
        ahead.SetResult();
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.AheadWritten.Should().BeGreaterThanOrEqualTo(1);
        store.MostConcurrentWrites.Should().Be(2);
    }

    [Fact]
    public async Task Durable_CallersAreReleasedByTheirOwnBatchesCommit_InOrder()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        var ahead = Hold(gate => store.AheadGate = gate);
        await using var services = TestHost.Create(store, o =>
        {
            o.RecordLifecycleEvents = false;
            o.MaxBatchSize = 1;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        var one = logger.LogAsync(Event(1));
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the first batch is sent");
        var two = logger.LogAsync(Event(2));
        await Poll.UntilAsync(() => store.AheadCalls == 1, "the second batch is sent behind it");

        ahead.SetResult();
        await Poll.UntilAsync(() => store.AheadRefused == 1, "the second finds the first not stored and writes nothing");
        two.IsCompleted.Should().BeFalse("its batch is not committed");
        one.IsCompleted.Should().BeFalse("its batch is not committed");

        first.SetResult();
        var ids = new[] { await one, await two };

        store.Stored.Select(r => r.Id).Should().Equal(ids);
        store.WriteCalls.Should().Be(2, "the second batch was written again the ordinary way");
    }

    [Fact]
    public async Task TheBatchAheadFailsOnce_TheNextWaitsForItsRetry_AndFollowsIt()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        await using var services = TestHost.Create(store, Buffered);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 100);
        await Poll.UntilAsync(() => store.AheadRefused >= 1, "a batch sent behind the held one finds it not stored");
        Interlocked.Exchange(ref store.TransientFailures, 1);
        first.SetResult();
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.Batches.Sum(b => b.Count).Should().Be(ids.Count, "no batch was stored twice");
    }

    /// <summary>
    /// Each batch is sent behind the one before it; when one is not written, neither is a batch behind it. The writer
    /// sends nothing behind a batch it knows or suspects was not written, so one refusal costs one batch its send ahead
    /// instead of every batch after it.
    /// </summary>
    [Fact]
    public async Task ABatchSentAheadThatIsNotWritten_DoesNotMakeEveryLaterBatchNotWritten()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        await using var services = TestHost.Create(store, Buffered);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 200);
        await Poll.UntilAsync(() => store.AheadRefused == 1, "the batch sent behind the held one finds it not stored");
        first.SetResult();
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.AheadRefused.Should().Be(1, "nothing was sent behind the batch that was not written");
        store.AheadWritten.Should().BeGreaterThanOrEqualTo(10, "once it was sent again, batches were sent behind it and written");
    }

    [Fact]
    public async Task AWriteAheadThatThrows_IsWrittenTheOrdinaryWay_Once()
    {
        var store = new OrderedFakeAuditStore { AheadFailWith = new TimeoutException("connection reset") };
        await using var services = TestHost.Create(store, BufferedByTen);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 200);
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.AheadWritten.Should().Be(0);
        services.GetRequiredService<AuditWriteQueue>().StoreFailure.Should().BeNull("the ordinary writes after it succeeded");
    }

    [Fact]
    public async Task Buffered_WithoutSpool_TheBatchAheadIsRetained_TheNextIsWrittenOnlyAfterIt()
    {
        var store = new OrderedFakeAuditStore { FailWith = new TimeoutException("down") };
        var first = Hold(gate => store.Gate = gate);
        var listener = new RecordingFailureListener();
        await using var services = TestHost.Create(
            store,
            o =>
            {
                Buffered(o);
                o.MaxWriteAttempts = 1;
            },
            services: s => s.AddSingleton<IAuditFailureListener>(listener));
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 100);
        await Poll.UntilAsync(() => store.AheadRefused >= 1, "a batch sent behind the held one finds it not stored");
        first.SetResult();
        await Poll.UntilAsync(() => listener.Failures.Any(f => f.Outcome == AuditFailureOutcome.Retained), "the held batch fails and is retained");

        store.FailWith = null;
        await ExpectStoredInOrderAsync(store, ids, "the retained events and those behind them are stored");
    }

    [Fact]
    public async Task NothingIsSentBehindABatchThatIsNotFull()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        await using var services = TestHost.Create(store, o =>
        {
            Buffered(o);
            o.MaxBatchSize = 1_000;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 1);
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the first batch, of one event, is sent");
        ids.AddRange(await LogAsync(logger, 100));
        first.SetResult();
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.AheadCalls.Should().Be(0, "no batch was full");
        store.MostConcurrentWrites.Should().Be(1);
    }

    [Fact]
    public async Task PipelineWritesOff_OneBatchAtATime()
    {
        var store = new OrderedFakeAuditStore();
        var first = Hold(gate => store.Gate = gate);
        await using var services = TestHost.Create(store, o =>
        {
            Buffered(o);
            o.PipelineWrites = false;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 100);
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the first batch is sent");
        first.SetResult();
        await ExpectStoredInOrderAsync(store, ids, "every event is stored");
        store.AheadCalls.Should().Be(0);
        store.MostConcurrentWrites.Should().Be(1);
    }

    [Fact]
    public async Task Durable_ALoneCaller_NeverHasABatchToSendAhead()
    {
        var store = new OrderedFakeAuditStore();
        await using var services = TestHost.Create(store, o => o.RecordLifecycleEvents = false);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await logger.LogAsync(Event(i)).WaitAsync(TimeSpan.FromSeconds(30)));
        }

        store.Stored.Select(r => r.Id).Should().Equal(ids);
        store.AheadCalls.Should().Be(0);
        store.Batches.Should().HaveCount(5);
    }

    [Fact]
    public async Task Shutdown_WithBatchesInFlight_CommitsEveryAcceptedEvent()
    {
        var store = new OrderedFakeAuditStore();
        var services = TestHost.Create(store, BufferedByTen);
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = await LogAsync(logger, 1_000);
        await services.DisposeAsync();

        store.Stored.Select(r => r.Id).Should().Equal(ids);
        store.Batches.Sum(b => b.Count).Should().Be(ids.Count);
    }

    /// <summary>A source whose task <paramref name="gate"/> makes one of the store's gates: the writes it gates wait until it is completed.</summary>
    private static TaskCompletionSource Hold(Action<Task> gate)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate(held.Task);
        return held;
    }

    /// <summary>Waits until every event is stored, then expects each once, in the order accepted.</summary>
    private static async Task ExpectStoredInOrderAsync(FakeAuditStore store, List<Guid> ids, string because)
    {
        await Poll.UntilAsync(() => store.Stored.Count == ids.Count, because);
        store.Stored.Select(r => r.Id).Should().Equal(ids);
    }

    /// <summary>Logs <paramref name="count"/> events one after another: the order they are accepted in.</summary>
    private static async Task<List<Guid>> LogAsync(IAuditLogger logger, int count)
    {
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await logger.LogAsync(Event(i)));
        }

        return ids;
    }
}
