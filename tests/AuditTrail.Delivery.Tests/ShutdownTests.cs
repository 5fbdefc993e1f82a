using System.Diagnostics;
using AuditTrail.Delivery.Tests.Support;

namespace AuditTrail.Delivery.Tests;

/// <summary>The host stops while a slow store still has a full queue of buffered events.</summary>
public sealed class ShutdownTests : IDisposable
{
    private const int Pending = 10_000;

    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Shutdown_10000PendingBufferedEvents_AllCommittedOrSpooledWithinTheTimeout()
    {
        var shutdownTimeout = TimeSpan.FromMilliseconds(500);
        var host = await AuditHost.StartAsync(
            _database,
            o =>
            {
                o.DeliveryMode = AuditDeliveryMode.Buffered;
                o.QueueCapacity = Pending;
                o.MaxBatchSize = 100;
            },
            shutdownTimeout: shutdownTimeout);

        // A store that needs 200 ms a batch: 20 s for 10 000 events, far more than the shutdown timeout.
        host.Store.WriteDelay = TimeSpan.FromMilliseconds(200);
        var ids = new List<Guid>(Pending);
        for (var i = 0; i < Pending; i++)
        {
            ids.Add(await host.Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" }));
        }

        var stopwatch = Stopwatch.StartNew();
        await host.StopAsync();
        stopwatch.Stop();

        // The margin covers spooling what is left (one synced append) on a loaded machine; flushing would take 20 s.
        stopwatch.Elapsed.Should().BeLessThan(shutdownTimeout + TimeSpan.FromSeconds(5), "what is not committed in time is spooled, not waited for");
        var committed = host.Metrics.Committed;
        committed.Should().BeLessThan(Pending, "the store was too slow to take them all");
        (committed + host.Metrics.Spooled + host.Metrics.Failed).Should().Be(Pending + 2);
        host.Metrics.Failed.Should().Be(0);
        await host.DisposeAsync();

        // Before any restart: each event is in the database or in the spool's synced lines, in acceptance order.
        var committedIds = _database.IdsInCommitOrder().Intersect(ids).ToList();
        var spooledIds = SpoolFile.ReadIds(_database.SpoolDirectory).Intersect(ids).ToList();
        committedIds.Concat(spooledIds.Except(committedIds)).Should().Equal(ids);

        // The next start replays the spool before anything else: every event once, in the order it was accepted.
        await using var restarted = await AuditHost.StartAsync(_database);
        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems();
        stored.Skip(1).Take(Pending).Should().Equal(ids);
        _database.SpoolSegments().Should().BeEmpty();
    }

    [Fact]
    public async Task Shutdown_QueueStillFullWhenTheTimeoutPasses_StopDoesNotThrow_AndTheStoppedEventIsSpooledLast()
    {
        const int Events = 11;
        var host = await AuditHost.StartAsync(
            _database,
            o =>
            {
                o.DeliveryMode = AuditDeliveryMode.Buffered;
                o.QueueCapacity = Events - 1;
                o.MaxBatchSize = 1;
            },
            shutdownTimeout: TimeSpan.FromMilliseconds(300));

        // The writer holds one event for 10 s; the other ten fill the queue, so the "stopped" event finds no room
        // before the shutdown timeout passes.
        host.Store.WriteDelay = TimeSpan.FromSeconds(10);
        var ids = new List<Guid>(Events);
        for (var i = 0; i < Events; i++)
        {
            ids.Add(await host.Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" }));
        }

        await host.Invoking(h => h.StopAsync()).Should().NotThrowAsync("a full queue at shutdown spools, it does not fail the host's stop");
        host.Metrics.Failed.Should().Be(0);
        await host.DisposeAsync();

        // The next start replays the spool: every event once, in order, then the "stopped" event of the first run.
        await using var restarted = await AuditHost.StartAsync(_database);
        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems();
        stored.Skip(1).Take(Events).Should().Equal(ids);
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit_events ORDER BY seq LIMIT 1 OFFSET $offset";
        command.Parameters.AddWithValue("$offset", 1 + Events);
        command.ExecuteScalar().Should().Be(AuditActions.AuditStopped, "the stopped event was set aside and spooled after the queue");
    }
}
