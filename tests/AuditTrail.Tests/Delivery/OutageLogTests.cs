using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Tests.Delivery;

/// <summary>A store outage logs its per-batch retries and spooled batches once a minute, not once per batch, and a new outage at once.</summary>
public sealed class OutageLogTests : IDisposable
{
    private readonly TemporaryDirectory _spool = new();

    public void Dispose() => _spool.Dispose();

    [Fact]
    public async Task LogAsync_StoreDownForManyBatches_LogsTheSpooledErrorAndRetryWarningOncePerMinute_AndANewOutageAtOnce()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("connection refused") };
        var time = new ManualTimeProvider(TestHost.Start);
        var logs = new CapturingLoggerProvider();
        await using var services = TestHost.Create(store, o => o.Spool.Directory = _spool.Path, time, s => s.AddSingleton<ILoggerProvider>(logs));
        var logger = services.GetRequiredService<IAuditLogger>();

        for (var i = 0; i < 10; i++)
        {
            await logger.LogAsync(Routine(i));
        }

        Spooled().Should().ContainSingle("ten batches spooled within a minute are one error, not ten");
        Retries().Should().ContainSingle();

        time.Elapse(TimeSpan.FromSeconds(61));
        await logger.LogAsync(Routine(10));

        Spooled().Should().HaveCount(2).And.Subject.Last().Should().Contain("9 more batch(es) of 9 event(s)");
        Retries().Should().HaveCount(2);

        store.FailWith = null;
        await logger.LogAsync(Routine(11));
        store.FailWith = new TimeoutException("connection refused");
        await logger.LogAsync(Routine(12));

        Spooled().Should().HaveCount(3, "the store took events in between: this is a new outage, logged at once");
        store.Stored.Should().HaveCount(12, "the spool was replayed when the store took events again");

        List<string> Spooled() => [.. logs.Entries.Where(e => e.Level == LogLevel.Error && e.Message.Contains("were spooled")).Select(e => e.Message)];

        List<string> Retries() => [.. logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("retrying")).Select(e => e.Message)];
    }

    [Fact]
    public async Task LogAsync_AfterTheHostIsDisposed_ThrowsObjectDisposed_NamingTheLogger_NotAnInternalType()
    {
        var services = TestHost.Create(new FakeAuditStore(), o => o.Spool.Directory = _spool.Path);
        var logger = services.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(Routine(0));
        await services.DisposeAsync();

        var act = () => logger.LogAsync(Routine(1));

        (await act.Should().ThrowAsync<ObjectDisposedException>()).Which.Message.Should()
            .StartWith("The audit pipeline has shut down; the event was not recorded.").And.NotContain("AuditWriteQueue");
    }

    private static AuditEvent Routine(int i) => new() { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" };
}
