using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task Filter_All_MatchesEveryRecord()
    {
        var records = Some.Records(5, Some.Time);
        await WriteAsync(records);

        await ShouldMatchAsync(AuditFilter.All, records);
        await ShouldMatchAsync(new AuditFilter { ActionTypes = [], Actions = [], ActorIds = [] }, records);
    }

    [Fact]
    public async Task Filter_ActionTypes_MatchesAnyOfThem()
    {
        var login = Some.Record(Some.Time(1)) with { ActionType = AuditActionType.Authentication };
        var create = Some.Record(Some.Time(2)) with { ActionType = AuditActionType.Create };
        var delete = Some.Record(Some.Time(3)) with { ActionType = AuditActionType.Delete };
        var update = Some.Record(Some.Time(4)) with { ActionType = AuditActionType.Update };
        await WriteAsync(login, create, delete, update);

        await ShouldMatchAsync(new AuditFilter { ActionTypes = [AuditActionType.Create] }, create);
        await ShouldMatchAsync(new AuditFilter { ActionTypes = [AuditActionType.Delete, AuditActionType.Authentication] }, login, delete);
        await ShouldMatchAsync(new AuditFilter { ActionTypes = [AuditActionType.Security] });
    }

    [Fact]
    public async Task Filter_Actions_MatchExactlyAndOrdinally()
    {
        var updated = Some.Record(Some.Time(1)) with { Action = "server.updated" };
        var upper = Some.Record(Some.Time(2)) with { Action = "Server.Updated" };
        var padded = Some.Record(Some.Time(3)) with { Action = "server.updated " };
        var prefix = Some.Record(Some.Time(4)) with { Action = "server" };
        var deleted = Some.Record(Some.Time(5)) with { Action = "server.deleted" };
        await WriteAsync(updated, upper, padded, prefix, deleted);

        await ShouldMatchAsync(new AuditFilter { Actions = ["server.updated"] }, updated);
        await ShouldMatchAsync(new AuditFilter { Actions = ["server.updated", "server.deleted"] }, updated, deleted);
        await ShouldMatchAsync(new AuditFilter { Actions = ["server.%"] });
    }

    [Fact]
    public async Task Filter_ActorIds_MatchExactlyAndOrdinally()
    {
        var alice = Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice") };
        var upper = Some.Record(Some.Time(2)) with { Actor = AuditActor.User("Alice", "Alice") };
        var longer = Some.Record(Some.Time(3)) with { Actor = AuditActor.User("alice2", "Alice") };
        var bob = Some.Record(Some.Time(4)) with { Actor = AuditActor.User("bob", "Bob") };
        await WriteAsync(alice, upper, longer, bob);

        await ShouldMatchAsync(new AuditFilter { ActorIds = ["alice"] }, alice);
        await ShouldMatchAsync(new AuditFilter { ActorIds = ["alice", "bob"] }, alice, bob);
        await ShouldMatchAsync(new AuditFilter { ActorIds = ["Alice"] }, upper);
    }

    [Fact]
    public async Task Filter_ResourceTypeAndId_MatchExactly()
    {
        var web = Some.Record(Some.Time(1)) with { Resource = new AuditResource("server", "srv-1", "web") };
        var db = Some.Record(Some.Time(2)) with { Resource = new AuditResource("server", "srv-2", "db") };
        var rule = Some.Record(Some.Time(3)) with { Resource = new AuditResource("alert_rule", "srv-1", "cpu") };
        var upper = Some.Record(Some.Time(4)) with { Resource = new AuditResource("Server", "SRV-1", "web") };
        var none = Some.Record(Some.Time(5)) with { Resource = null };
        await WriteAsync(web, db, rule, upper, none);

        await ShouldMatchAsync(new AuditFilter { ResourceType = "server" }, web, db);
        await ShouldMatchAsync(new AuditFilter { ResourceId = "srv-1" }, web, rule);
        await ShouldMatchAsync(new AuditFilter { ResourceType = "server", ResourceId = "srv-1" }, web);
        await ShouldMatchAsync(new AuditFilter { ResourceType = "serv" });
    }

    [Fact]
    public async Task Filter_Outcome_MatchesIt()
    {
        var success = Some.Record(Some.Time(1)) with { Outcome = AuditOutcome.Success };
        var failure = Some.Record(Some.Time(2)) with { Outcome = AuditOutcome.Failure, FailureReason = "denied" };
        await WriteAsync(success, failure);

        await ShouldMatchAsync(new AuditFilter { Outcome = AuditOutcome.Failure }, failure);
        await ShouldMatchAsync(new AuditFilter { Outcome = AuditOutcome.Success }, success);
    }

    [Fact]
    public async Task Filter_FromIsInclusiveAndToIsExclusive_ToTheMicrosecond()
    {
        var from = Some.Time(10);
        var to = Some.Time(20);
        var beforeFrom = Some.Record(Some.Micros(from, -1));
        var atFrom = Some.Record(from);
        var afterFrom = Some.Record(Some.Micros(from, 1));
        var beforeTo = Some.Record(Some.Micros(to, -1));
        var atTo = Some.Record(to);
        var afterTo = Some.Record(Some.Micros(to, 1));
        await WriteAsync(beforeFrom, atFrom, afterFrom, beforeTo, atTo, afterTo);

        await ShouldMatchAsync(new AuditFilter { From = from, To = to }, atFrom, afterFrom, beforeTo);
        await ShouldMatchAsync(new AuditFilter { From = from }, atFrom, afterFrom, beforeTo, atTo, afterTo);
        await ShouldMatchAsync(new AuditFilter { To = to }, beforeFrom, atFrom, afterFrom, beforeTo);
        await ShouldMatchAsync(new AuditFilter { From = to, To = from });
    }

    [Fact]
    public async Task Filter_BoundsFinerThanAMicrosecond_KeepTheirMeaning()
    {
        var at = Some.Time(10);
        var record = Some.Record(at);
        await WriteAsync(record);

        // A caller's bound may come from a clock with 100 ns ticks; the stored microsecond value must still compare right.
        await ShouldMatchAsync(new AuditFilter { From = at.AddTicks(1) });
        await ShouldMatchAsync(new AuditFilter { From = at.AddTicks(-1) }, record);
        await ShouldMatchAsync(new AuditFilter { To = at.AddTicks(1) }, record);
        await ShouldMatchAsync(new AuditFilter { To = at.AddTicks(-1) });
    }

    [Fact]
    public async Task Filter_BoundsWithAnOffset_CompareInstants()
    {
        var record = Some.Record(Some.At("2025-06-01T10:00:00Z"));
        await WriteAsync(record);

        await ShouldMatchAsync(new AuditFilter { From = Some.At("2025-06-01T12:00:00+02:00") }, record);
        await ShouldMatchAsync(new AuditFilter { To = Some.At("2025-06-01T12:00:00+02:00") });
        await ShouldMatchAsync(new AuditFilter { To = Some.At("2025-06-01T12:00:00.000001+02:00") }, record);
    }

    [Fact]
    public async Task Filter_SourceIp_MatchesExactly()
    {
        var one = Some.Record(Some.Time(1)) with { SourceIp = "10.0.0.1" };
        var ten = Some.Record(Some.Time(2)) with { SourceIp = "10.0.0.10" };
        var v6 = Some.Record(Some.Time(3)) with { SourceIp = "2001:db8::1" };
        var none = Some.Record(Some.Time(4)) with { SourceIp = null };
        await WriteAsync(one, ten, v6, none);

        await ShouldMatchAsync(new AuditFilter { SourceIp = "10.0.0.1" }, one);
        await ShouldMatchAsync(new AuditFilter { SourceIp = "2001:db8::1" }, v6);
    }

    [Fact]
    public async Task Filter_TenantId_MatchesExactly()
    {
        var acme = Some.Record(Some.Time(1)) with { TenantId = "acme" };
        var upper = Some.Record(Some.Time(2)) with { TenantId = "ACME" };
        var other = Some.Record(Some.Time(3)) with { TenantId = "globex" };
        var none = Some.Record(Some.Time(4)) with { TenantId = null };
        await WriteAsync(acme, upper, other, none);

        await ShouldMatchAsync(new AuditFilter { TenantId = "acme" }, acme);
        await ShouldMatchAsync(new AuditFilter { TenantId = "globex" }, other);
    }

    [Fact]
    public async Task Filter_Combination_AndsEveryCriterion()
    {
        var match = Some.Record(Some.Time(5)) with
        {
            Actor = AuditActor.User("alice", "Alice"),
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Resource = new AuditResource("server", "srv-1", "web-01"),
            Outcome = AuditOutcome.Failure,
            SourceIp = "10.0.0.1",
            TenantId = "acme",
            Description = "Changed load_multiplier",
        };
        AuditRecord[] nearMisses =
        [
            match with { Id = Some.Id(), Actor = AuditActor.User("bob", "Bob") },
            match with { Id = Some.Id(), Action = "server.created" },
            match with { Id = Some.Id(), ActionType = AuditActionType.Create },
            match with { Id = Some.Id(), Resource = new AuditResource("server", "srv-2", "web-01") },
            match with { Id = Some.Id(), Resource = new AuditResource("switch", "srv-1", "web-01") },
            match with { Id = Some.Id(), Outcome = AuditOutcome.Success },
            match with { Id = Some.Id(), SourceIp = "10.0.0.2" },
            match with { Id = Some.Id(), TenantId = "globex" },
            match with { Id = Some.Id(), Description = "Changed region" },
            match with { Id = Some.Id(), OccurredAt = Some.Time(0) },
            match with { Id = Some.Id(), OccurredAt = Some.Time(10) },
        ];
        await WriteAsync([match, .. nearMisses]);

        var filter = new AuditFilter
        {
            ActorIds = ["alice", "carol"],
            Actions = ["server.updated", "server.deleted"],
            ActionTypes = [AuditActionType.Update, AuditActionType.Delete],
            ResourceType = "server",
            ResourceId = "srv-1",
            Outcome = AuditOutcome.Failure,
            SourceIp = "10.0.0.1",
            TenantId = "acme",
            Search = "LOAD_MULT",
            From = Some.Time(1),
            To = Some.Time(10),
        };

        await ShouldMatchAsync(filter, match);
        (await Store.GetFacetsAsync(filter)).Actions.Should().Equal("server.updated");
    }

    [Fact]
    public async Task ScopeActorId_IsAppliedEvenWhenActorIdsAsksForOthers()
    {
        var alice = Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice"), Action = "a.one" };
        var bob = Some.Record(Some.Time(2)) with { Actor = AuditActor.User("bob", "Bob"), Action = "b.one" };
        await WriteAsync(alice, bob);

        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice" }, alice);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice", ActorIds = ["bob"] });
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice", ActorIds = ["alice", "bob"] }, alice);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice", Search = "b.one" });
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "nobody" });

        var facets = await Store.GetFacetsAsync(new AuditFilter { ScopeActorId = "alice", ActorIds = ["bob"] });
        facets.Actors.Should().BeEmpty();
        facets.Actions.Should().BeEmpty();
        (await Store.GetFacetsAsync(new AuditFilter { ScopeActorId = "alice" })).Actions.Should().Equal("a.one");
    }

    [Fact]
    public async Task ScopeTenantId_IsAppliedEvenWhenTenantIdAsksForAnother()
    {
        var acme = Some.Record(Some.Time(1)) with { TenantId = "acme", Action = "acme.one" };
        var globex = Some.Record(Some.Time(2)) with { TenantId = "globex", Action = "globex.one" };
        var none = Some.Record(Some.Time(3)) with { TenantId = null, Action = "none.one" };
        await WriteAsync(acme, globex, none);

        await ShouldMatchAsync(new AuditFilter { ScopeTenantId = "acme" }, acme);
        await ShouldMatchAsync(new AuditFilter { ScopeTenantId = "acme", TenantId = "globex" });
        await ShouldMatchAsync(new AuditFilter { ScopeTenantId = "acme", TenantId = "acme" }, acme);

        var facets = await Store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "acme", TenantId = "globex" });
        facets.Actions.Should().BeEmpty();
        (await Store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "globex" })).Actions.Should().Equal("globex.one");
    }

    [Fact]
    public async Task Scopes_TogetherRequireBoth()
    {
        var aliceAcme = Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice"), TenantId = "acme" };
        var aliceGlobex = Some.Record(Some.Time(2)) with { Actor = AuditActor.User("alice", "Alice"), TenantId = "globex" };
        var bobAcme = Some.Record(Some.Time(3)) with { Actor = AuditActor.User("bob", "Bob"), TenantId = "acme" };
        await WriteAsync(aliceAcme, aliceGlobex, bobAcme);

        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice", ScopeTenantId = "acme" }, aliceAcme);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = "alice", ScopeTenantId = "acme", ActorIds = ["bob"], TenantId = "globex" });
    }

    public static TheoryData<string> HostileValues() =>
    [
        "' OR 1=1 --",
        "'; DROP TABLE audit_events; --",
        "%",
        "_",
        "\\",
        "\"",
        "a%b",
        "a_b",
        "\\%",
        "' || '",
        "NEAR(a b)",
        "*",
        "@p0",
        ":name",
        "$1",
        "\0",
    ];

    [Theory]
    [MemberData(nameof(HostileValues), MemberType = typeof(AuditStoreConformanceTests))]
    public async Task StringFilters_WithSqlAndLikeMetacharacters_MatchLiterally(string value)
    {
        // Lures a LIKE or a spliced value would also match; none of them equals the value.
        var lures = new[] { "x", "a", "ab", "axb", "a\\b", "%", "_", "''", "name" }
            .Where(lure => lure != value)
            .Select((lure, i) => Some.Record(Some.Time(i)) with
            {
                Actor = AuditActor.User(lure, "Lure"),
                Action = lure,
                Resource = new AuditResource(lure, lure, lure),
                SourceIp = lure,
                TenantId = lure,
            })
            .ToArray();
        var byActor = Some.Record(Some.Time(100)) with { Actor = AuditActor.User(value, "Hit") };
        var byAction = Some.Record(Some.Time(101)) with { Action = value };
        var byResourceType = Some.Record(Some.Time(102)) with { Resource = new AuditResource(value, "r", "r") };
        var byResourceId = Some.Record(Some.Time(103)) with { Resource = new AuditResource("r", value, "r") };
        var bySourceIp = Some.Record(Some.Time(104)) with { SourceIp = value };
        var byTenant = Some.Record(Some.Time(105)) with { TenantId = value };
        await WriteAsync([.. lures, byActor, byAction, byResourceType, byResourceId, bySourceIp, byTenant]);

        await ShouldMatchAsync(new AuditFilter { ActorIds = [value] }, byActor);
        await ShouldMatchAsync(new AuditFilter { ScopeActorId = value }, byActor);
        await ShouldMatchAsync(new AuditFilter { Actions = [value] }, byAction);
        await ShouldMatchAsync(new AuditFilter { ResourceType = value }, byResourceType);
        await ShouldMatchAsync(new AuditFilter { ResourceId = value }, byResourceId);
        await ShouldMatchAsync(new AuditFilter { SourceIp = value }, bySourceIp);
        await ShouldMatchAsync(new AuditFilter { TenantId = value }, byTenant);
        await ShouldMatchAsync(new AuditFilter { ScopeTenantId = value }, byTenant);
        (await Store.CountAsync(AuditFilter.All)).Should().Be(lures.Length + 6, "no statement may have changed the data");
    }
}
