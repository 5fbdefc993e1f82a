using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>
/// The trail's own records of what it removed (<see cref="AuditActions.AuditPurged"/>, <see cref="AuditActions.AuditErased"/>)
/// are committed before the operation returns in <see cref="AuditDeliveryMode.Buffered"/> mode too: a purge holds the
/// purge lock until its record is stored, so another instance's purge never takes its rows for a killed purge's.
/// The store holds the record's write until the test lets it through.
/// </summary>
public sealed class BufferedTrailRecordTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Retention_Buffered_ReturnsOnlyOnceItsPurgeRecordIsCommitted()
    {
        var store = new HeldWriteStore(_database.CreateStore(), AuditActions.AuditPurged);
        await using var provider = Provider(store);
        using var releaseAnyway = store.ReleaseOnDispose();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        var pass = provider.GetRequiredService<IAuditRetention>().PurgeAsync();
        await store.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

        pass.IsCompleted.Should().BeFalse("the pass returns once its record is committed, not once it is queued");
        store.Release();
        (await pass).Should().Be(5);
        (await store.CountAsync(new AuditFilter { Actions = [AuditActions.AuditPurged] })).Should().Be(1);
    }

    [Fact]
    public async Task Erasure_Buffered_ReturnsOnlyOnceItsRecordIsCommitted()
    {
        var store = new HeldWriteStore(_database.CreateStore(), AuditActions.AuditErased);
        await using var provider = Provider(store);
        using var releaseAnyway = store.ReleaseOnDispose();
        await store.WriteAsync([.. Some.Records(3, i => Some.Time(i)).Select(record => record with { Actor = AuditActor.User("u-erin", "Erin") })]);

        var erasure = provider.GetRequiredService<IAuditErasure>().EraseActorAsync("u-erin", AuditActor.User("u-dpo", "DPO"));
        await store.Reached.Task.WaitAsync(TimeSpan.FromSeconds(60));

        erasure.IsCompleted.Should().BeFalse("the erasure returns once its record is committed, not once it is queued");
        store.Release();
        (await erasure).Rewritten.Should().Be(3);
        (await store.CountAsync(new AuditFilter { Actions = [AuditActions.AuditErased] })).Should().Be(1);
    }

    private ServiceProvider Provider(IAuditStore store)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
        {
            o.DeliveryMode = AuditDeliveryMode.Buffered;
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Erasure.PseudonymKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
        }).UseStore(_ => store);
        return services.BuildServiceProvider();
    }

    /// <summary>Holds the write of a batch that holds <paramref name="action"/> until <see cref="Release"/>.</summary>
    private sealed class HeldWriteStore(SqliteAuditStore inner, string action) : DelegatingAuditStore(inner), IAuditErasureStore
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        /// <summary>Releases the write when a test fails before it did, so that disposing the host (which flushes it) ends.</summary>
        public IDisposable ReleaseOnDispose() => new Releaser(this);

        private sealed class Releaser(HeldWriteStore store) : IDisposable
        {
            public void Dispose() => store.Release();
        }

        public override async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
        {
            if (batch.Any(record => record.Action == action))
            {
                Reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            await base.WriteAsync(batch, cancellationToken);
        }

        public Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken = default) =>
            inner.EraseAsync(actorId, pseudonym, cancellationToken);
    }
}
