using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Tombstones across retention passes: a record whose legal hold is released expires on the next pass; a period
/// shortened between passes expires what it now covers; the trail verifies under the policy of each pass.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task Tombstones_HoldReleasedBetweenPasses_TheNextPassTombstonesTheRecord_AndTheTrailVerifies()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        var holds = Services.GetRequiredService<IAuditLegalHolds>();
        var hold = await holds.PlaceAsync(new AuditLegalHoldScope { ActorId = "u-4" }, "Case 42", AuditActor.User("u-legal", "Legal"));
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        (await ReadChainAsync()).Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 6);

        await holds.ReleaseAsync(hold.Id, AuditActor.User("u-legal", "Legal"));
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        var chain = await ReadChainAsync();
        chain.Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 4, 6);
        chain.Single(e => e.Sequence == 4).Record.Description.Should().BeNull();
        (await SearchAsync("tombstone-marker-4")).Should().BeEmpty("the released record's text is gone, from the index too");
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(3);
    }

    [Fact]
    public async Task Tombstones_PeriodShortenedBetweenPasses_TheNextPassTombstonesWhatNowExpired_AndTheTrailVerifies()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(200) });
        });
        await WriteMixedTrailAsync();
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        (await ReadChainAsync()).Should().NotContain(e => e.Tombstone != null, "no session is 200 days old");

        await RestartWithRetentionAsync();
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        (await ReadChainAsync()).Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 4, 6);
        (await SearchAsync("tombstone-marker-2")).Should().BeEmpty();
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(3);
    }
}
