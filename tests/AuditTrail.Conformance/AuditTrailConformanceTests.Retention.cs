using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    private IAuditRetention Retention => Services.GetRequiredService<IAuditRetention>();

    private async Task<(Guid Old, Guid Boundary, Guid Recent)> SeedForRetentionAsync()
    {
        var old = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddDays(-91) });
        var boundary = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { OccurredAt = Now.AddDays(-90) });
        var recent = await Logger.LogAsync(Event(Mike, "server.deleted", AuditActionType.Delete) with { OccurredAt = Now.AddHours(-1) });
        return (old, boundary, recent);
    }

    [Fact]
    public async Task Retention_PurgesOnlyRecordsOlderThanThePeriod_InBatches_AndRecordsThePurge()
    {
        await StartAsync(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.BatchSize = 2;
        });
        for (var i = 0; i < 4; i++)
        {
            await Logger.LogAsync(Event(Sarah, "alert_rule.created", AuditActionType.Create) with { OccurredAt = Now.AddDays(-203 + i) });
        }

        var (old, boundary, recent) = await SeedForRetentionAsync();

        var purged = await Retention.PurgeAsync();

        purged.Should().Be(5);
        var remaining = await AllPagesAsync(Admin, new AuditQuery());
        remaining.Select(r => r.Id).Should().Contain([boundary, recent]).And.NotContain(old);
        var purge = remaining.Should().ContainSingle(r => r.Action == AuditActions.AuditPurged).Subject;
        purge.Actor.Should().Be(AuditActor.System);
        purge.ActionType.Should().Be(AuditActionType.Delete);
        purge.Metadata.Should().Contain("purged_count", "5");
        (await Retention.PurgeAsync()).Should().Be(0, "a second pass finds nothing more to purge");
        (await CountCommittedRowsAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Retention_ClockJumpsFarAhead_RefusesToPurge()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        await SeedForRetentionAsync();

        Clock.Advance(TimeSpan.FromDays(3650));
        var purged = await Retention.PurgeAsync();

        purged.Should().Be(0, "the wall clock moved ten years while the monotonic clock did not");
        (await CountCommittedRowsAsync()).Should().Be(3);
    }

    [Fact]
    public async Task Retention_ClockJumpsAhead_ThenEventsAreLogged_KeepsEverythingWrittenBeforeTheJump()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, boundary, recent) = await SeedForRetentionAsync();

        Clock.Advance(TimeSpan.FromDays(200));
        var afterJump = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));
        var purged = await Retention.PurgeAsync();

        purged.Should().Be(0, "the newest record carries the jumped time, so it cannot vouch for the clock");
        var remaining = (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).ToList();
        remaining.Should().Contain([old, boundary, recent, afterJump]);
    }

    [Fact]
    public async Task Retention_TimeReallyPasses_PurgesWhatAgedOut()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, boundary, recent) = await SeedForRetentionAsync();

        Clock.Elapse(TimeSpan.FromDays(100));
        var fresh = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));
        var purged = await Retention.PurgeAsync();

        purged.Should().Be(3, "a hundred days really passed: all three seeded records are older than the period now");
        var remaining = (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).ToList();
        remaining.Should().Contain(fresh).And.NotContain([old, boundary, recent]);
    }

    [Fact]
    public async Task Retention_NoPeriod_KeepsEverything()
    {
        await SeedForRetentionAsync();
        Clock.Advance(TimeSpan.FromDays(3650));

        (await Retention.PurgeAsync()).Should().Be(0);
        (await CountCommittedRowsAsync()).Should().Be(3);
    }
}
