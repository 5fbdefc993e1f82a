using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task CountAsync_CountsMatchingRecords()
    {
        (await Store.CountAsync(AuditFilter.All)).Should().Be(0);
        var records = Some.Records(42, Some.Time);
        await WriteAsync(records);

        (await Store.CountAsync(AuditFilter.All)).Should().Be(42);
        (await Store.CountAsync(new AuditFilter { From = Some.Time(40) })).Should().Be(2);
    }

    [Fact]
    public async Task GetFacetsAsync_EmptyStore_ReturnsNoValues()
    {
        var facets = await Store.GetFacetsAsync(AuditFilter.All);

        facets.Actors.Should().BeEmpty();
        facets.ActionTypes.Should().BeEmpty();
        facets.Actions.Should().BeEmpty();
    }

    [Fact]
    public async Task GetFacetsAsync_ListsEachActorOnceWithItsMostRecentNameAndType()
    {
        // Written middle, newest, oldest: neither the first nor the last write holds the most recent name.
        var renamed = Some.Record(Some.Time(30)) with { Actor = new AuditActor("alice", "Alice Smith", AuditActorType.User) };
        var original = Some.Record(Some.Time(10)) with { Actor = new AuditActor("alice", "Alice Jones", AuditActorType.ApiKey) };
        var middle = Some.Record(Some.Time(20)) with { Actor = new AuditActor("alice", "Alice Brown", AuditActorType.ApiKey) };
        var bob = Some.Record(Some.Time(15)) with { Actor = new AuditActor("bob", "Bob", AuditActorType.User) };
        var system = Some.Record(Some.Time(5)) with { Actor = AuditActor.System };
        await WriteAsync(middle, bob);
        await WriteAsync(renamed, system);
        await WriteAsync(original);

        var facets = await Store.GetFacetsAsync(AuditFilter.All);

        facets.Actors.Should().Equal(
            new AuditActor("alice", "Alice Smith", AuditActorType.User),
            new AuditActor("bob", "Bob", AuditActorType.User),
            AuditActor.System);
    }

    [Fact]
    public async Task GetFacetsAsync_ActorWithoutAName_IsListed()
    {
        await WriteAsync(
            Some.Record(Some.Time(1)) with { Actor = new AuditActor("key-1", null, AuditActorType.ApiKey) },
            Some.Record(Some.Time(2)) with { Actor = new AuditActor("bob", "Bob", AuditActorType.User) });

        var facets = await Store.GetFacetsAsync(AuditFilter.All);

        facets.Actors.Should().BeEquivalentTo(
        [
            new AuditActor("key-1", null, AuditActorType.ApiKey),
            new AuditActor("bob", "Bob", AuditActorType.User),
        ]);
    }

    [Fact]
    public async Task GetFacetsAsync_ListsDistinctActionTypesInEnumOrderAndActionsInOrdinalOrder()
    {
        await WriteAsync(
            Some.Record(Some.Time(1)) with { ActionType = AuditActionType.Delete, Action = "server.deleted" },
            Some.Record(Some.Time(2)) with { ActionType = AuditActionType.Authentication, Action = "auth.login_succeeded" },
            Some.Record(Some.Time(3)) with { ActionType = AuditActionType.Update, Action = "server.updated" },
            Some.Record(Some.Time(4)) with { ActionType = AuditActionType.Update, Action = "Server.updated" },
            Some.Record(Some.Time(5)) with { ActionType = AuditActionType.Delete, Action = "server.deleted" },
            Some.Record(Some.Time(6)) with { ActionType = AuditActionType.Authentication, Action = "auth.logout" });

        var facets = await Store.GetFacetsAsync(AuditFilter.All);

        facets.ActionTypes.Should().Equal(AuditActionType.Authentication, AuditActionType.Update, AuditActionType.Delete);
        facets.Actions.Should().Equal("Server.updated", "auth.login_succeeded", "auth.logout", "server.deleted", "server.updated");
    }

    [Fact]
    public async Task GetFacetsAsync_AppliesTheFilter()
    {
        await WriteAsync(
            Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice"), ActionType = AuditActionType.Create, Action = "server.created", TenantId = "acme" },
            Some.Record(Some.Time(2)) with { Actor = AuditActor.User("bob", "Bob"), ActionType = AuditActionType.Delete, Action = "server.deleted", TenantId = "acme" },
            Some.Record(Some.Time(3)) with { Actor = AuditActor.User("carol", "Carol"), ActionType = AuditActionType.Create, Action = "rule.created", TenantId = "globex" });

        var facets = await Store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "acme", ActionTypes = [AuditActionType.Create] });

        facets.Actors.Should().Equal(AuditActor.User("alice", "Alice"));
        facets.ActionTypes.Should().Equal(AuditActionType.Create);
        facets.Actions.Should().Equal("server.created");
    }

    [Fact]
    public async Task GetFacetsAsync_MostRecentNameIsTakenWithinTheFilter()
    {
        await WriteAsync(
            Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice (acme)"), TenantId = "acme" },
            Some.Record(Some.Time(2)) with { Actor = AuditActor.User("alice", "Alice (globex)"), TenantId = "globex" });

        var facets = await Store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "acme" });

        facets.Actors.Should().Equal(AuditActor.User("alice", "Alice (acme)"));
    }

    [Fact]
    public async Task GetNewestRecordedAtAsync_EmptyStore_ReturnsNull()
    {
        (await Store.GetNewestRecordedAtAsync()).Should().BeNull();
    }

    [Fact]
    public async Task GetNewestRecordedAtAsync_ReturnsTheLatestRecordedAtNotTheLatestWrittenOrOccurred()
    {
        var newestRecorded = Some.Micros(Some.Time(50), 7);
        await WriteAsync(
            Some.Record(Some.Time(100)) with { RecordedAt = Some.Time(10) },
            Some.Record(Some.Time(1)) with { RecordedAt = newestRecorded });
        await WriteAsync(Some.Record(Some.Time(2)) with { RecordedAt = Some.Time(20) });

        var newest = await Store.GetNewestRecordedAtAsync();

        newest.Should().NotBeNull();
        newest!.Value.UtcTicks.Should().Be(newestRecorded.UtcTicks);
        newest.Value.Offset.Should().Be(TimeSpan.Zero);
    }
}
