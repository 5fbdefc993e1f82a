using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Retention passes that resume (docs/retention.md): a later pass reads only the rows an earlier one left undecided, and
/// ends where a full scan from the anchor would, whatever happened between the passes.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    private const string RowsRead = "audittrail.retention.rows_read";

    [Fact]
    public async Task Resume_SecondPassOverATombstonedHistory_ReadsOnlyTheRecentRows()
    {
        await RestartWithRetentionAsync();
        using var metrics = new AuditMetricsRecorder(Services);
        foreach (var chunk in Enumerable.Range(0, 300).Chunk(100))
        {
            await Task.WhenAll(chunk.Select(i => Logger.LogAsync(i % 3 == 0 ? ServerEvent() : SessionEvent())));
        }

        Clock.Elapse(TimeSpan.FromDays(100));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();
        var first = metrics[RowsRead];

        await Logger.LogAsync(SessionEvent());
        Clock.Elapse(TimeSpan.FromDays(40));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();

        first.Should().BeGreaterThan(300, "the first pass reads the whole chain");
        (metrics[RowsRead] - first).Should().BeLessThan(10, "the second pass reads only what the first left undecided");
        (await TombstonedAsync()).Should().HaveCount(201, "every session, the new one too, expired");
        await AssertAFullScanFindsNothingMoreAsync();
    }

    [Fact]
    public async Task Resume_RecordReadBeforeItExpired_IsTombstonedWhenItsPeriodRunsOut()
    {
        await RestartWithRetentionAsync();
        Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "user.", Period = TimeSpan.FromDays(60) });
        await WriteMixedTrailAsync();
        await PassAsync();
        var user = await Logger.LogAsync(new AuditEvent { Action = "user.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-admin", "Admin") });
        await Logger.LogAsync(ServerEvent());

        Clock.Elapse(TimeSpan.FromDays(40));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();
        (await TombstonedAsync()).Should().NotContain(user, "the pass read it 40 days old, within its 60");

        Clock.Elapse(TimeSpan.FromDays(30));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();
        (await TombstonedAsync()).Should().Contain(user);
        await AssertAFullScanFindsNothingMoreAsync();
    }

    [Fact]
    public async Task Resume_HoldPlacedThenReleasedBetweenPasses_TheRecordIsTombstonedOnceReleased()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        await PassAsync();
        var session = await Logger.LogAsync(SessionEvent("u-held"));
        var holds = Services.GetRequiredService<IAuditLegalHolds>();
        var hold = await holds.PlaceAsync(new AuditLegalHoldScope { ActorId = "u-held" }, "Case 7", AuditActor.User("u-legal", "Legal"));
        Clock.Elapse(TimeSpan.FromDays(40));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();
        (await TombstonedAsync()).Should().NotContain(session, "it is held");

        await holds.ReleaseAsync(hold.Id, AuditActor.User("u-legal", "Legal"));
        await PassAsync();

        (await TombstonedAsync()).Should().Contain(session, "the pass after the release reads it again");
        await AssertAFullScanFindsNothingMoreAsync();
    }

    [Fact]
    public async Task Resume_PolicyShortenedBetweenPasses_TheNextPassTombstonesWhatNowExpired()
    {
        await RestartWithRetentionAsync();
        var retention = Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention;
        var rule = retention.Rules[0];
        rule.Period = TimeSpan.FromDays(200);
        retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(30) });
        await WriteMixedTrailAsync();
        await PassAsync();
        (await TombstonedAsync()).Should().BeEmpty("no session is 200 days old, though the pass read them (pages expire in 30)");

        rule.Period = TimeSpan.FromDays(30);
        await PassAsync();

        (await ReadChainAsync()).Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 4, 6);
        await AssertAFullScanFindsNothingMoreAsync();
    }

    [Fact]
    public async Task Resume_BackdatedRecordLoggedAfterAPass_IsTombstonedByTheNextPass()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        await PassAsync();

        var backdated = await Logger.LogAsync(SessionEvent() with { OccurredAt = Clock.GetUtcNow().AddDays(-60) });
        var kept = await Logger.LogAsync(ServerEvent() with { OccurredAt = Clock.GetUtcNow().AddDays(-60) });
        Clock.Elapse(TimeSpan.FromDays(1));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();
        (await TombstonedAsync()).Should().NotContain(backdated, "a pass reads only what was recorded before the shortest period (docs/retention.md)");

        Clock.Elapse(TimeSpan.FromDays(30));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();

        (await TombstonedAsync()).Should().Contain(backdated).And.NotContain(kept);
        await AssertAFullScanFindsNothingMoreAsync();
    }

    [Fact]
    public async Task Resume_PrefixPurgedBetweenPasses_TheNextPassStartsAfterTheNewAnchor()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        await PassAsync();
        var first = await Logger.LogAsync(SessionEvent());
        Clock.Elapse(TimeSpan.FromDays(300));
        await Logger.LogAsync(ServerEvent());
        (await PassAsync()).Should().Be(6, "the first six records are 400 days old");
        var second = await Logger.LogAsync(SessionEvent());
        Clock.Elapse(TimeSpan.FromDays(40));
        await Logger.LogAsync(ServerEvent());
        await PassAsync();

        (await TombstonedAsync()).Should().Contain([first, second]);
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
        await AssertAFullScanFindsNothingMoreAsync();
    }

    private static AuditEvent SessionEvent(string actor = "u-s") =>
        new() { Action = "session.started", ActionType = AuditActionType.Authentication, Actor = AuditActor.User(actor, null), Description = "session" };

    private static AuditEvent ServerEvent() =>
        new() { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-admin", "Admin"), Description = "server" };

    private Task<int> PassAsync() => Services.GetRequiredService<IAuditRetention>().PurgeAsync();

    private async Task<List<Guid>> TombstonedAsync() =>
        [.. (await ReadChainAsync()).Where(e => e.Tombstone is not null).Select(e => e.Record.Id)];

    /// <summary>A new instance (whose first pass reads the whole chain from the anchor) finds nothing left to do.</summary>
    private async Task AssertAFullScanFindsNothingMoreAsync()
    {
        var retention = Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention;
        var chain = await ReadChainAsync();
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o =>
        {
            o.Retention.Period = retention.Period;
            foreach (var rule in retention.Rules)
            {
                o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = rule.ActionCodePrefix, Period = rule.Period });
            }
        });

        (await PassAsync()).Should().Be(0);
        (await ReadChainAsync()).Select(e => (e.Sequence, e.Tombstone)).Should().Equal(chain.Select(e => (e.Sequence, e.Tombstone)), "a full scan tombstones nothing the resumed passes left");
    }
}
