using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>The target user round-trips, and <see cref="AuditFilter.ScopeIncludesTargetUser"/> widens the actor scope to "actor or target user", on every read.</summary>
public abstract partial class AuditStoreConformanceTests
{
    private static readonly AuditActor Administrator = AuditActor.User("admin", "Ada Admin");

    /// <summary>Mike's own action, the admin's change of Mike's role, the admin's change of Anna's role, Anna's own action.</summary>
    private async Task<(AuditRecord MikeOwn, AuditRecord AboutMike, AuditRecord AboutAnna, AuditRecord AnnaOwn)> WriteRoleChangesAsync(string? tenant = null)
    {
        AuditRecord RoleChange(int minute, string userId, string userName) => Some.Record(Some.Time(minute)) with
        {
            Actor = Administrator,
            Action = AuditActions.RoleChanged,
            ActionType = AuditActionType.Security,
            Resource = new AuditResource("user", userId, userName),
            TargetUser = new AuditTargetUser(userId, userName),
            TenantId = tenant,
        };

        var mikeOwn = Some.Record(Some.Time(1)) with { Actor = AuditActor.User("mike", "Mike"), Action = "server.updated", TenantId = tenant };
        var aboutMike = RoleChange(2, "mike", "Mike Chen");
        var aboutAnna = RoleChange(3, "anna", "Anna Berg");
        var annaOwn = Some.Record(Some.Time(4)) with { Actor = AuditActor.User("anna", "Anna"), Action = "server.deleted", TenantId = tenant };
        await WriteAsync(mikeOwn, aboutMike, aboutAnna, annaOwn);
        return (mikeOwn, aboutMike, aboutAnna, annaOwn);
    }

    [Fact]
    public async Task TargetUser_RoundTrips_AndIsAbsentWhenNotSet()
    {
        var (mikeOwn, aboutMike, _, _) = await WriteRoleChangesAsync();

        ShouldBeSameRecord(await Store.GetAsync(aboutMike.Id), aboutMike);
        (await Store.GetAsync(aboutMike.Id))!.TargetUser.Should().Be(new AuditTargetUser("mike", "Mike Chen"));
        (await Store.GetAsync(mikeOwn.Id))!.TargetUser.Should().BeNull();
        (await StreamAllAsync(AuditFilter.All)).Single(record => record.Id == aboutMike.Id).TargetUser.Should().Be(aboutMike.TargetUser);
    }

    [Fact]
    public async Task ScopeIncludesTargetUser_AdmitsRecordsAboutTheViewer_OnEveryRead()
    {
        var (mikeOwn, aboutMike, _, _) = await WriteRoleChangesAsync();
        var mikeScope = new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true };

        await ShouldMatchAsync(mikeScope, mikeOwn, aboutMike);
        await ShouldMatchAsync(mikeScope with { ActorIds = ["mike"] }, mikeOwn);
        await ShouldMatchAsync(mikeScope with { ActorIds = [Administrator.Id] }, aboutMike);
        await ShouldMatchAsync(mikeScope with { ActorIds = ["anna"] });
        await ShouldMatchAsync(mikeScope with { Actions = [AuditActions.RoleChanged] }, aboutMike);
        await ShouldMatchAsync(mikeScope with { Search = "Anna" });
        await ShouldMatchAsync(mikeScope with { Search = "Mike Chen" }, aboutMike);
        await ShouldMatchAsync(mikeScope with { Search = "server.deleted" });

        var facets = await Store.GetFacetsAsync(mikeScope);
        facets.Actors.Select(actor => actor.Id).Should().BeEquivalentTo(["mike", Administrator.Id]);
        facets.Actions.Should().BeEquivalentTo([AuditActions.RoleChanged, "server.updated"]);
    }

    [Fact]
    public async Task ScopeIncludesTargetUser_PagesThroughOwnAndAboutRecordsInterleaved_EachOnce()
    {
        // Own actions, actions about Mike by others, Mike's actions about himself (in both halves of the scope), noise.
        var records = Enumerable.Range(1, 30).Select(minute => (minute % 5) switch
        {
            0 => Some.Record(Some.Time(minute)) with { Actor = AuditActor.User("mike", "Mike") },
            1 => Some.Record(Some.Time(minute)) with { Actor = Administrator, TargetUser = new AuditTargetUser("mike", "Mike") },
            2 => Some.Record(Some.Time(minute)) with { Actor = AuditActor.User("mike", "Mike"), TargetUser = new AuditTargetUser("mike", "Mike") },
            3 => Some.Record(Some.Time(minute)) with { Actor = Administrator, TargetUser = new AuditTargetUser("anna", "Anna") },
            _ => Some.Record(Some.Time(minute)) with { Actor = AuditActor.User("anna", "Anna") },
        }).ToArray();
        await WriteAsync(records);
        var visible = records.Where(record => record.Actor.Id == "mike" || record.TargetUser?.Id == "mike").ToArray();
        var mikeScope = new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true };

        (await PageThroughAsync(mikeScope, pageSize: 4)).Should().Equal(AuditOrder.NewestFirstIds(visible));
        (await PageThroughAsync(mikeScope with { From = Some.Time(10), To = Some.Time(25) }, pageSize: 2))
            .Should().Equal(AuditOrder.NewestFirstIds(visible.Where(record => record.OccurredAt >= Some.Time(10) && record.OccurredAt < Some.Time(25))));
        await ShouldMatchAsync(mikeScope, visible);
    }

    [Fact]
    public async Task TargetUserId_MatchesTheRecordsAboutThatUser_OnEveryRead_AndOnlyNarrowsTheScope()
    {
        var (_, aboutMike, aboutAnna, _) = await WriteRoleChangesAsync();

        await ShouldMatchAsync(new AuditFilter { TargetUserId = "mike" }, aboutMike);
        await ShouldMatchAsync(new AuditFilter { TargetUserId = "anna", ActorIds = [Administrator.Id] }, aboutAnna);
        await ShouldMatchAsync(new AuditFilter { TargetUserId = "Mike" });
        await ShouldMatchAsync(new AuditFilter { TargetUserId = "nobody" });
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true, TargetUserId = "mike" }, aboutMike);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true, TargetUserId = "anna" });
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = Administrator.Id, TargetUserId = "anna" }, aboutAnna);
        (await Store.GetFacetsAsync(new AuditFilter { TargetUserId = "mike" })).Actions.Should().Equal(AuditActions.RoleChanged);
    }

    [Fact]
    public async Task ScopeActorId_WithoutTargetUser_StillAdmitsOnlyTheViewersOwnActions()
    {
        var (mikeOwn, _, _, _) = await WriteRoleChangesAsync();

        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "mike" }, mikeOwn);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "mike", ActorIds = [Administrator.Id] });
        (await Store.GetFacetsAsync(new AuditFilter { ScopeActorId = "mike" })).Actions.Should().Equal("server.updated");
    }

    [Fact]
    public async Task ScopeIncludesTargetUser_WithoutScopeActorId_RestrictsNothing_AndTheTenantScopeStillApplies()
    {
        var acme = await WriteRoleChangesAsync("acme");
        await WriteRoleChangesAsync("globex");

        (await Store.CountAsync(new AuditFilter { ScopeIncludesTargetUser = true })).Should().Be(8);
        await ShouldMatchAsync(
            new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true, ScopeTenantId = "acme" },
            acme.MikeOwn, acme.AboutMike);
        await ShouldMatchAsync(
            new AuditFilter { ScopeActorId = "mike", ScopeIncludesTargetUser = true, ScopeTenantId = "acme", TenantId = "globex" });
    }
}
