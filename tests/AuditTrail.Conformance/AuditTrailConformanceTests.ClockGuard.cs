using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>The clock guard in every order of events: a clock that jumps never lets a purge remove what was written before the jump.</summary>
public abstract partial class AuditTrailConformanceTests
{
    [Fact]
    public async Task ClockGuard_PurgeThenJumpThenLogging_RefusesTheNextPurge()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, boundary, recent) = await SeedForRetentionAsync();
        (await Retention.PurgeAsync()).Should().Be(1, "before the jump the clock is right: the 91-day-old record goes");

        Clock.Advance(TimeSpan.FromDays(200));
        var afterJump = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));

        (await Retention.PurgeAsync()).Should().Be(0, "the wall clock jumped ahead of the monotonic clock");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain([boundary, recent, afterJump]).And.NotContain(old);
    }

    [Fact]
    public async Task ClockGuard_RestartAfterAJumpWasCorrected_TheRecordsTell_AndPurgeIsRefused()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, boundary, recent) = await SeedForRetentionAsync();
        Clock.Advance(TimeSpan.FromDays(200));
        var afterJump = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));

        // The clock is put right and the host restarts: the new process has no monotonic baseline from before the jump.
        Clock.Advance(TimeSpan.FromDays(-200));
        await RestartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));

        (await Retention.PurgeAsync()).Should().Be(0, "the newest record is 200 days ahead of the clock");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain([old, boundary, recent, afterJump]);
    }

    [Fact]
    public async Task ClockGuard_RestartAfterJumpAndLogging_ThenTheClockGoesBack_RefusesInTheNewProcess()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, _, _) = await SeedForRetentionAsync();
        Clock.Advance(TimeSpan.FromDays(200));
        await RestartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));

        Clock.Advance(TimeSpan.FromDays(-200));
        (await Retention.PurgeAsync()).Should().Be(0, "in this process the clock went back, and the newest record says so");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain(old);
    }

    [Fact]
    public async Task ClockGuard_NewestRecordAheadWithinTheMargin_Purges()
    {
        await StartAsync(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.MaxClockDisagreement = TimeSpan.FromMinutes(5);
        });
        var (old, boundary, _) = await SeedForRetentionAsync();
        await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { OccurredAt = Now });
        Clock.Advance(TimeSpan.FromMinutes(-2));
        await RestartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));

        (await Retention.PurgeAsync()).Should().Be(1, "two minutes of disagreement is within the margin");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain(boundary).And.NotContain(old);
    }

    [Fact]
    public async Task ClockGuard_RecordsAhead_ResumesOnceTheClockIsPastThem()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (old, _, _) = await SeedForRetentionAsync();
        Clock.Advance(TimeSpan.FromDays(1));
        await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));
        Clock.Advance(TimeSpan.FromDays(-1));
        await RestartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        (await Retention.PurgeAsync()).Should().Be(0);

        Clock.Elapse(TimeSpan.FromDays(1));

        (await Retention.PurgeAsync()).Should().BeGreaterThan(0, "the clock caught up with the newest record");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().NotContain(old);
    }
}
