using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Retention;

/// <summary>
/// The application is disposed while a retention pass is under way (its shutdown timeout ran out during a batch) and
/// another call waits for that pass: both end, rather than the pass failing as it ends and the waiting call hanging.
/// </summary>
public sealed class AuditRetentionShutdownTests
{
    [Fact]
    public async Task PurgeAsync_DisposedWhileAPassIsUnderWay_ThePassAndTheCallWaitingForItBothEnd()
    {
        var store = new GatedPurgeLockStore();
        var services = TestHost.Create(store, o => o.Retention.Period = TimeSpan.FromDays(30));
        var retention = services.GetRequiredService<IAuditRetention>();
        var underWay = retention.PurgeAsync();
        await Poll.UntilAsync(() => store.Asked > 0, "the first pass asks the store for its purge lock and waits there");
        var waiting = retention.PurgeAsync();

        await services.DisposeAsync();
        store.Open.SetResult();

        (await underWay).Should().Be(0, "the pass under way ends as it would have");
        (await waiting.WaitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, "the call that waited for it runs once it has ended, instead of waiting forever");
    }

    /// <summary>An empty store whose purge lock is busy (another process purges) once <see cref="Open"/> completes.</summary>
    private sealed class GatedPurgeLockStore : FakeAuditStore, IAuditPurgeLock
    {
        private int _asked;

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Asked => Volatile.Read(ref _asked);

        public async Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _asked);
            await Open.Task.WaitAsync(cancellationToken);
            return null;
        }
    }
}
