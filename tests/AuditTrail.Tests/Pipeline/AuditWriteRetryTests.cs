using System.Collections.Concurrent;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace AuditTrail.Tests.Pipeline;

/// <summary>The retry of failed batches: Polly's pipeline on the injected clock, the default one and a host's own.</summary>
public sealed class AuditWriteRetryTests
{
    private static AuditEvent Event(int i = 0) => new() { Action = "test.event", ActionType = AuditActionType.Create, Description = $"#{i}" };

    [Fact]
    public async Task DefaultRetry_TransientFailures_WaitsTheBackoffOnTheInjectedTimeProvider()
    {
        var time = new FakeTimeProvider(TestHost.Start);
        var attempts = new ConcurrentQueue<DateTimeOffset>();
        var store = new FakeAuditStore { TransientFailures = 2 };
        store.OnWrite = () => attempts.Enqueue(time.GetUtcNow());
        await using var services = TestHost.Create(store, o =>
        {
            o.MaxWriteAttempts = 3;
            o.WriteRetryDelay = TimeSpan.FromSeconds(10);
        }, time);

        var pending = services.GetRequiredService<IAuditLogger>().LogAsync(Event());
        await Poll.UntilAsync(() => store.WriteCalls == 1, "the first attempt is made");
        pending.IsCompleted.Should().BeFalse("the retry waits for the fake clock, which has not moved");

        // Moves the clock in steps until the retries ran: only the fake clock's time passes, not ten real seconds.
        await Poll.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return pending.IsCompleted;
        }, "the retries run once the fake clock passes their delays");

        var id = await pending;
        store.Stored.Should().ContainSingle(r => r.Id == id);
        var times = attempts.ToArray();
        times.Should().HaveCount(3);
        (times[1] - times[0]).Should().BePositive("the first retry waited on the injected clock")
            .And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(31), "no delay passes 30 s");
        (times[2] - times[1]).Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task DefaultRetry_PersistentFailure_IsNotRetried()
    {
        var store = new FakeAuditStore { FailWith = new UnauthorizedAccessException("read-only file") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 5);

        var act = () => services.GetRequiredService<IAuditLogger>().LogAsync(Event());

        (await act.Should().ThrowAsync<AuditWriteException>()).WithMessage("*retrying cannot fix*");
        store.WriteCalls.Should().Be(1);
    }

    [Fact]
    public async Task ConfigureWriteRetry_HostPipeline_IsUsedInsteadOfTheDefault_OnTheInjectedClock()
    {
        var time = new FakeTimeProvider(TestHost.Start);
        var listener = new RecordingFailureListener();
        TimeProvider? pipelineClock = null;
        var store = new FakeAuditStore { TransientFailures = 4 };
        await using var services = TestHost.Create(
            store,
            o => o.MaxWriteAttempts = 1,
            time,
            s => s.AddSingleton<IAuditFailureListener>(listener),
            trail => trail.ConfigureWriteRetry((pipeline, context) =>
            {
                pipelineClock = pipeline.TimeProvider;
                pipeline.AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = 6,
                    Delay = TimeSpan.Zero,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && context.IsRetryable(ex)),
                });
            }));

        var id = await services.GetRequiredService<IAuditLogger>().LogAsync(Event()).WaitAsync(TimeSpan.FromSeconds(30));

        store.WriteCalls.Should().Be(5, "the host's pipeline retried where MaxWriteAttempts = 1 would not have");
        store.Stored.Should().ContainSingle(r => r.Id == id);
        pipelineClock.Should().BeSameAs(time);
        listener.Failures.Where(f => f.Outcome == AuditFailureOutcome.Retrying).Select(f => f.Attempt)
            .Should().Equal(1, 2, 3, 4);
    }

    [Fact]
    public async Task ConfigureWriteRetry_HostPipelineGivesUp_ThePolicyAppliesWithTheAttemptsMade()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("busy") };
        await using var services = TestHost.Create(
            store,
            trail: trail => trail.ConfigureWriteRetry(pipeline => pipeline.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
            })));

        var act = () => services.GetRequiredService<IAuditLogger>().LogAsync(Event());

        (await act.Should().ThrowAsync<AuditWriteException>()).WithMessage("*after 2 attempt(s)*busy*");
        store.WriteCalls.Should().Be(2);
    }
}
