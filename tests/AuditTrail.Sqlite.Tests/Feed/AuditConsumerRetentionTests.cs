using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Feed;

/// <summary>Retention keeps what a registered consumer has not handled, unless the consumer is behind by more than its MaxLag, which is reported.</summary>
public sealed class AuditConsumerRetentionTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));
    private FeedHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Purge_StopsAtTheOldestRecordAConsumerHasNotHandled()
    {
        var (host, old) = await StartWithConsumerAtPositionTwoAsync(maxLag: null);

        await host.Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        (await ExistingAsync(host, old)).Should().Equal([false, false, true, true, true], "records 3 to 5 are expired but the consumer has not handled them");
        host.Metrics["audittrail.retention.consumer_lag_exceeded"].Should().Be(0);
    }

    [Fact]
    public async Task Purge_ConsumerBehindByMoreThanMaxLag_PurgesPastIt_AndReportsIt()
    {
        var (host, old) = await StartWithConsumerAtPositionTwoAsync(maxLag: TimeSpan.FromDays(250));
        _clock.Advance(TimeSpan.FromDays(60));

        await host.Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        (await ExistingAsync(host, old)).Should().Equal([false, false, false, false, false], "the consumer is now 260 days behind, more than its MaxLag of 250 days");
        host.Metrics["audittrail.retention.consumer_lag_exceeded"].Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Tombstones_AfterAnUnhandledRecordDatedAheadOfItsRecording_NothingUnhandledIsTombstoned()
    {
        _host = new FeedHost(_database, _clock, o => o.BatchSize = 2, o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Interval = TimeSpan.FromDays(7);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        });
        _host.Consumer.HangFrom = 2;
        var now = _clock.GetUtcNow();
        var handled = Some.Records(2, i => Some.Time(i));

        // The first record the consumer has not handled says it occurred 10 days ago, but it was recorded 190 days
        // before that (a caller's clock far ahead); a session recorded after it has expired under the 30 days.
        var ahead = Some.Record(Some.Time(2)) with { OccurredAt = now - TimeSpan.FromDays(10) };
        var session = Some.Record(Some.Time(3)) with { Action = "session.started", ActionType = AuditActionType.Authentication };
        await _host.Store.WriteAsync([.. handled, ahead, session]);
        await _host.Store.WriteAsync([Some.Record(now)]);
        await _host.StartAsync();
        await Poll.UntilAsync(() => _host.Consumer.Received.Count >= 4, "the consumer handled a batch and hangs on the next");
        await Poll.UntilAsync(() => _host.CheckpointAsync().Result.Position == 2, "the first batch's position is saved");

        await _host.Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        var tombstoned = new List<long>();
        await foreach (var entry in ((IAuditChainStore)_host.Store).ReadChainAsync(0))
        {
            if (entry.Tombstone is not null)
            {
                tombstoned.Add(entry.Sequence);
            }
        }

        tombstoned.Should().BeEmpty("the session (row 4) comes after a record the consumer has not handled");
    }

    private static async Task<bool[]> ExistingAsync(FeedHost host, Guid[] ids)
    {
        var existing = new List<bool>();
        foreach (var id in ids)
        {
            existing.Add(await host.Store.GetAsync(id) is not null);
        }

        return [.. existing];
    }

    /// <summary>Five records expired for 110 days and a recent one; the consumer handles two (batches of two) and hangs on the next batch.</summary>
    private async Task<(FeedHost Host, Guid[] Old)> StartWithConsumerAtPositionTwoAsync(TimeSpan? maxLag)
    {
        _host = new FeedHost(_database, _clock, o =>
        {
            o.BatchSize = 2;
            o.MaxLag = maxLag;
        }, o =>
        {
            // The pass at start finds the consumer at position 0 (it keeps everything); the tests run the next pass themselves (a timer pass racing it changes nothing they check).
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.Interval = TimeSpan.FromDays(7);
        });
        _host.Consumer.HangFrom = 2;
        var old = Some.Records(5, i => Some.Time(i));
        await _host.Store.WriteAsync(old);
        await _host.Store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        await _host.StartAsync();
        await Poll.UntilAsync(() => _host.Consumer.Received.Count >= 4, "the consumer handled a batch and hangs on the next");
        await Poll.UntilAsync(() => _host.CheckpointAsync().Result.Position == 2, "the first batch's position is saved");
        return (_host, [.. old.Select(r => r.Id)]);
    }
}
