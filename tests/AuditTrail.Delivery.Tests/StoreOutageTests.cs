using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditTrail.Delivery.Tests;

/// <summary>The store throws for a while, then recovers.</summary>
public sealed class StoreOutageTests : IDisposable
{
    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static AuditEvent Routine(int i) =>
        new() { Id = Guid.CreateVersion7(), Action = "server.updated", ActionType = AuditActionType.Update, Description = $"routine {i}" };

    private static AuditEvent RoleChange(int i) =>
        new() { Id = Guid.CreateVersion7(), Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security, Description = $"role {i}" };

    [Fact]
    public async Task StoreOutage_FailClosedCallersGetExceptions_FailOpenEventsComeBackExactlyOnceInOrder()
    {
        await using var host = await AuditHost.StartAsync(_database, o =>
        {
            o.MaxWriteAttempts = 3;
            o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);
        });
        var expected = new List<Guid>();
        var rejected = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            expected.Add(await host.Logger.LogAsync(Routine(i)));
        }

        // The outage: every write fails as a lost connection would, a transient error that is retried first.
        host.Store.Fault = () => new SqliteException("unable to open database file: connection lost", 10);
        for (var i = 5; i < 25; i++)
        {
            if (i % 4 == 0)
            {
                var security = RoleChange(i);
                var act = () => host.Logger.LogAsync(security);
                (await act.Should().ThrowAsync<AuditWriteException>()).WithMessage("*after 3 attempt(s)*connection lost*");
                rejected.Add(security.Id!.Value);
            }
            else
            {
                expected.Add(await host.Logger.LogAsync(Routine(i)));
            }
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(25, 20).Select(i => host.Logger.LogAsync(Routine(i))));
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Degraded);
        host.Listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.Spooled && f.Kind == AuditFailureKind.Permanent);
        host.Listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.Rejected && f.EventIds.Contains(rejected[0]));
        _database.SpoolSegments().Should().NotBeEmpty();

        host.Store.Fault = null;
        await Poll.UntilAsync(() => host.Metrics.Replayed == 15 + concurrent.Length, "the replay interval brings the spooled events back");
        var after = await host.Logger.LogAsync(Routine(99));

        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems();
        stored.Should().NotContain(rejected, "a fail-closed caller that got an exception left nothing behind");
        stored.Intersect([.. expected, .. concurrent]).Should().Equal(expected.Concat(concurrent), "spooled events are replayed in the order they were accepted");
        stored[^1].Should().Be(after);
        stored.Should().HaveCount(1 + expected.Count + concurrent.Length + 1, "audit.started, the events, and the one after recovery");
        _database.SpoolSegments().Should().BeEmpty();
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
        host.Metrics.Enqueued.Should().Be(host.Metrics.Committed + host.Metrics.Spooled + host.Metrics.Failed);
        host.Metrics.Failed.Should().Be(rejected.Count);
    }

    [Fact]
    public async Task LostAcknowledgement_TheRetriedDuplicateCountsAsSuccess_StoredOnce()
    {
        await using var host = await AuditHost.StartAsync(_database, o => o.MaxWriteAttempts = 3);

        // The commit succeeds, then the connection breaks before the store says so, once.
        host.Store.FaultAfterCommit = () =>
        {
            host.Store.FaultAfterCommit = null;
            return new SqliteException("disk I/O error: connection lost during commit", 10);
        };
        var security = RoleChange(1);
        var failClosedId = await host.Logger.LogAsync(security);

        failClosedId.Should().Be(security.Id!.Value, "the retry found the row already there, which counts as committed");
        host.Listener.Failures.Should().ContainSingle(f => f.Kind == AuditFailureKind.Temporary && f.Outcome == AuditFailureOutcome.Retrying);
        _database.IdsInCommitOrder().Count(id => id == failClosedId).Should().Be(1);
    }
}
