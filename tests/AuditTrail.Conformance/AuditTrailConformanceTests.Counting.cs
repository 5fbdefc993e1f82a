using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary><see cref="IAuditReader.GetCountAsync"/>: exact below the cap, "at least the cap" above it, within the viewer's scope.</summary>
public abstract partial class AuditTrailConformanceTests
{
    private static AuditCountOptions AtMost(long cap) => new() { AtMost = cap };

    [Fact]
    public async Task GetCountAsync_FewerThanTheCap_IsExact_AndMoreIsALowerBound()
    {
        await SeedTrailAsync();

        (await Reader.GetCountAsync(Admin, new AuditQuery(), AtMost(10_000))).Should().Be(new AuditCount(6, IsLowerBound: false));
        (await Reader.GetCountAsync(Admin, new AuditQuery(), AtMost(6))).Should().Be(new AuditCount(6, IsLowerBound: false), "exactly the cap is not more");
        (await Reader.GetCountAsync(Admin, new AuditQuery(), AtMost(5))).Should().Be(new AuditCount(5, IsLowerBound: true));
        (await Reader.GetCountAsync(Admin, new AuditQuery(), AtMost(1))).Should().Be(new AuditCount(1, IsLowerBound: true));
        (await Reader.GetCountAsync(Admin, new AuditQuery(), new AuditCountOptions())).Should().Be(new AuditCount(6, IsLowerBound: false), "no cap counts exactly");
    }

    [Fact]
    public async Task GetCountAsync_FiltersCombinedAndSearch_CountWhatTheQueryReturns()
    {
        await SeedTrailAsync();
        var updatesOfWeb01 = new AuditQuery { ActionTypes = [AuditActionType.Update], Search = "WEB-01" };
        var recentUpdatesOfWeb01 = updatesOfWeb01 with { ActorIds = [Mike.Id, John.Id], From = Now.AddDays(-1) };

        (await Reader.GetCountAsync(Admin, updatesOfWeb01, AtMost(2))).Should().Be(new AuditCount(2, IsLowerBound: false));
        (await Reader.GetCountAsync(Admin, updatesOfWeb01, AtMost(1))).Should().Be(new AuditCount(1, IsLowerBound: true));
        (await Reader.GetCountAsync(Admin, recentUpdatesOfWeb01, AtMost(1))).Should().Be(new AuditCount(1, IsLowerBound: false));
        (await Reader.GetCountAsync(Admin, new AuditQuery { Search = "198.51.100" }, AtMost(1))).Should().Be(new AuditCount(1, IsLowerBound: true));
        (await Reader.GetCountAsync(Admin, new AuditQuery { Search = "nothing like this" }, AtMost(1))).Should().Be(new AuditCount(0, IsLowerBound: false));
        (await Reader.GetCountAsync(Admin, new AuditQuery { Outcome = AuditOutcome.Failure, SourceIp = "198.51.100.23" }, AtMost(1)))
            .Should().Be(new AuditCount(1, IsLowerBound: false));
    }

    [Fact]
    public async Task GetCountAsync_UserViewer_NeverCountsOthersRecords()
    {
        await SeedRoleChangesAsync();
        await SeedTrailAsync();
        var mikeSees = (await IdsAsync(MikeViewer, new AuditQuery())).Count();
        var othersActions = new AuditQuery { ActorIds = [Sarah.Id, John.Id] };
        var mikeSeesOfOthers = (await IdsAsync(MikeViewer, othersActions)).Count();

        mikeSees.Should().BeGreaterThan(1).And.BeLessThan((int)await Reader.CountAsync(Admin, new AuditQuery()));
        mikeSeesOfOthers.Should().BeGreaterThan(0, "John changed Mike's role");
        (await Reader.GetCountAsync(MikeViewer, new AuditQuery(), AtMost(1_000))).Should().Be(new AuditCount(mikeSees, IsLowerBound: false));
        (await Reader.GetCountAsync(MikeViewer, new AuditQuery(), AtMost(mikeSees - 1))).Should().Be(new AuditCount(mikeSees - 1, IsLowerBound: true));
        (await Reader.GetCountAsync(MikeViewer, othersActions, AtMost(1_000)))
            .Should().Be(new AuditCount(mikeSeesOfOthers, IsLowerBound: false), "only what others did to Mike");
        (await Reader.GetCountAsync(MikeViewer, new AuditQuery { Search = "Anna" }, AtMost(1_000)))
            .Should().Be(new AuditCount(0, IsLowerBound: false), "the records about Anna are outside Mike's scope");
        (await Reader.GetCountAsync(null, new AuditQuery(), AtMost(1_000))).Should().Be(new AuditCount(0, IsLowerBound: false));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(long.MaxValue)]
    public async Task GetCountAsync_CapOutOfRange_ThrowsNamingTheOption(long cap)
    {
        var act = () => Reader.GetCountAsync(Admin, new AuditQuery(), AtMost(cap));

        var thrown = await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
        thrown.Which.ParamName.Should().Be("options.AtMost");
        thrown.Which.Message.Should().Contain("AuditCountOptions.AtMost");
    }

    [Fact]
    public async Task GetCountAsync_WithATimeLimitThatIsNotReached_CountsAsWithoutIt()
    {
        await SeedTrailAsync();
        var inTime = TimeSpan.FromMinutes(1);

        (await Reader.GetCountAsync(Admin, new AuditQuery(), new AuditCountOptions { TimeLimit = inTime }))
            .Should().Be(new AuditCount(6, IsLowerBound: false), "a time limit alone counts to the end");
        (await Reader.GetCountAsync(Admin, new AuditQuery(), new AuditCountOptions { AtMost = 5, TimeLimit = inTime }))
            .Should().Be(new AuditCount(5, IsLowerBound: true), "the cap still applies");
        (await Reader.GetCountAsync(Admin, new AuditQuery { Search = "198.51.100" }, new AuditCountOptions { AtMost = 1_000, TimeLimit = inTime }))
            .Should().Be(await Reader.GetCountAsync(Admin, new AuditQuery { Search = "198.51.100" }, AtMost(1_000)));
        (await Reader.GetCountAsync(Admin, new AuditQuery { Search = "198.51.100" }, new AuditCountOptions { AtMost = 1, TimeLimit = inTime }))
            .Should().Be(new AuditCount(1, IsLowerBound: true));
        (await Reader.GetCountAsync(MikeViewer, new AuditQuery { Search = "Anna" }, new AuditCountOptions { TimeLimit = inTime }))
            .Should().Be(new AuditCount(0, IsLowerBound: false), "the viewer's scope applies");
    }

    [Fact]
    public async Task GetCountAsync_TimeLimitedSearch_OfAScopedViewer_DependsOnlyOnTheRecordsInScope()
    {
        // Tenant A holds three records with both terms; tenant B, written after them, holds many with one of them.
        // Each reading of the count's clock is a second later, so a count in steps has time for one step only.
        var tenantAdmin = new AuditViewer(Sarah.Id, IsAdmin: true, TenantId: "t-a");
        var tenantUser = new AuditViewer(Mike.Id, IsAdmin: false, TenantId: "t-a");
        for (var i = 0; i < 3; i++)
        {
            await AsAsync(Mike, "203.0.113.7", () => Logger.LogAsync(Event(Mike, "note.added", AuditActionType.Create) with { Description = $"pelican osprey {i}" }), tenant: "t-a");
        }

        for (var i = 0; i < 150; i++)
        {
            await AsAsync(John, "198.51.100.9", () => Logger.LogAsync(Event(John, "note.added", AuditActionType.Create) with { Description = $"osprey {i}" }), tenant: "t-b");
        }

        var options = new AuditCountOptions { AtMost = 10, TimeLimit = TimeSpan.FromMilliseconds(20) };
        Clock.ElapsePerTimestamp = TimeSpan.FromSeconds(1);
        try
        {
            foreach (var viewer in new[] { tenantAdmin, tenantUser })
            {
                var rareElsewhere = await Reader.GetCountAsync(viewer, new AuditQuery { Search = "pelican" }, options);
                var commonElsewhere = await Reader.GetCountAsync(viewer, new AuditQuery { Search = "osprey" }, options);

                rareElsewhere.Should().Be(new AuditCount(3, IsLowerBound: false), "{0} sees three records with the term", viewer);
                commonElsewhere.Should().Be(rareElsewhere, "the same three records of {0} hold the term; how many other tenants' records do must not show", viewer);
            }
        }
        finally
        {
            Clock.ElapsePerTimestamp = TimeSpan.Zero;
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(60_001L)]
    public async Task GetCountAsync_TimeLimitOutOfRange_ThrowsNamingTheOption(long milliseconds)
    {
        var act = () => Reader.GetCountAsync(Admin, new AuditQuery(), new AuditCountOptions { AtMost = 10, TimeLimit = TimeSpan.FromMilliseconds(milliseconds) });

        var thrown = await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
        thrown.Which.ParamName.Should().Be("options.TimeLimit");
        thrown.Which.Message.Should().Contain("AuditCountOptions.TimeLimit");
    }
}
