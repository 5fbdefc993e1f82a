using AuditTrail.Conformance.Support;
using System.Collections.Concurrent;
using AuditTrail.Delivery.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Delivery.Tests;

/// <summary>Producers far faster than a stalled, then failing, then recovered store.</summary>
public sealed class SaturationTests : IDisposable
{
    private const int Producers = 8;
    private const int EventsPerProducer = 250;
    private const int QueueCapacity = 32;
    private const int MaxBatchSize = 16;

    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Saturation_StalledStoreAndFastProducers_ZeroDrops_CallersWaitOrFailPerPolicy_CountersAddUp()
    {
        var host = await AuditHost.StartAsync(_database, o =>
        {
            o.DeliveryMode = AuditDeliveryMode.Buffered;
            o.QueueCapacity = QueueCapacity;
            o.MaxBatchSize = MaxBatchSize;
            o.MaxWriteAttempts = 2;
            o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(20);
        });
        var acknowledged = new ConcurrentBag<(Guid Id, AuditFailurePolicy Policy)>();
        var rejected = new ConcurrentBag<Guid>();
        host.Store.Stall();

        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < EventsPerProducer; i++)
            {
                // Every tenth event changes a role: fail-closed, so its caller waits for the commit even in buffered mode.
                var security = i % 10 == 9;
                var auditEvent = new AuditEvent
                {
                    Id = Guid.CreateVersion7(),
                    Action = security ? AuditActions.RoleChanged : "server.updated",
                    ActionType = security ? AuditActionType.Security : AuditActionType.Update,
                    Description = $"producer {p} event {i}",
                };
                try
                {
                    await host.Logger.LogAsync(auditEvent);
                    acknowledged.Add((auditEvent.Id!.Value, security ? AuditFailurePolicy.FailClosed : AuditFailurePolicy.FailOpen));
                }
                catch (AuditWriteException)
                {
                    rejected.Add(auditEvent.Id!.Value);
                }
            }
        })).ToList();

        // Stalled: the queue fills and every producer waits; none is dropped, none is acknowledged past the queue.
        await Poll.UntilAsync(() => host.Metrics.Gauges().QueueDepth == QueueCapacity, "the queue is full");
        producers.Should().OnlyContain(t => !t.IsCompleted, "a full queue makes buffered callers wait");
        acknowledged.Count.Should().BeLessThanOrEqualTo(QueueCapacity + MaxBatchSize, "only what the queue and the stalled batch hold was accepted");

        // Then failing: fail-open events go to the spool, fail-closed callers get exceptions after the retries.
        host.Store.Fault = () => new SqliteException("database is locked", 5);
        host.Store.Release();
        await Poll.UntilAsync(() => !rejected.IsEmpty && host.Metrics.Spooled > 200, "the outage has spooled and rejected events");

        // Then recovered: the spool is replayed and the rest is committed.
        host.Store.Fault = null;
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems();
        stored.Should().Contain(acknowledged.Select(a => a.Id), "no acknowledged event is dropped");
        stored.Should().NotContain(rejected);
        (acknowledged.Count + rejected.Count).Should().Be(Producers * EventsPerProducer);
        rejected.Should().NotBeEmpty();

        var metrics = host.Metrics;
        var produced = (Producers * EventsPerProducer) + 2;
        metrics.Enqueued.Should().Be(produced, "every LogAsync and the two lifecycle events were enqueued");
        (metrics.Committed + metrics.Spooled + metrics.Failed).Should().Be(produced, "every event ends committed, spooled or failed");
        metrics.Failed.Should().Be(rejected.Count);
        metrics.Replayed.Should().Be(metrics.Spooled, "every spooled event came back");
        stored.Should().HaveCount((int)(metrics.Committed + metrics.Replayed));
        _database.SpoolSegments().Should().BeEmpty();
        await host.DisposeAsync();
    }
}
