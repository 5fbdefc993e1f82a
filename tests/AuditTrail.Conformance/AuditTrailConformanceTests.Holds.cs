using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    private static readonly AuditActor Legal = AuditActor.User("u-legal", "Legal");

    private IAuditLegalHolds Holds => Services.GetRequiredService<IAuditLegalHolds>();

    /// <summary>In write order: acme by John (-200 days), globex by Mike (-199), acme by John (-198), then a recent one.</summary>
    private async Task<(Guid First, Guid Held, Guid After, Guid Recent)> SeedForHoldsAsync()
    {
        var first = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddDays(-200), TenantId = "acme" });
        var held = await Logger.LogAsync(Event(Mike, "server.updated", AuditActionType.Update) with { OccurredAt = Now.AddDays(-199), TenantId = "globex" });
        var after = await Logger.LogAsync(Event(John, "server.deleted", AuditActionType.Delete) with { OccurredAt = Now.AddDays(-198), TenantId = "acme" });
        var recent = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddHours(-1), TenantId = "acme" });
        return (first, held, after, recent);
    }

    public static TheoryData<string> HoldScopes => ["tenant", "actor", "range"];

    [Theory]
    [MemberData(nameof(HoldScopes))]
    public async Task Hold_ByTenantActorOrRange_PurgeStopsBeforeTheFirstHeldRecord_UntilReleased(string by)
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var (first, held, after, recent) = await SeedForHoldsAsync();
        var scope = by switch
        {
            "tenant" => new AuditLegalHoldScope { TenantId = "globex" },
            "actor" => new AuditLegalHoldScope { ActorId = Mike.Id },
            _ => new AuditLegalHoldScope { From = Now.AddDays(-199).AddHours(-1), Until = Now.AddDays(-199).AddHours(1) },
        };
        var hold = await Holds.PlaceAsync(scope, "Case 42", Legal);

        (await Retention.PurgeAsync()).Should().Be(1, "only the record written before the held one may go");
        var remaining = (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).ToList();
        remaining.Should().Contain([held, after, recent], "a purge removes a prefix, so everything after a held record stays too").And.NotContain(first);

        await Holds.ReleaseAsync(hold.Id, Legal);
        (await Retention.PurgeAsync()).Should().Be(2, "a released hold keeps nothing");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain(recent).And.NotContain([held, after]);
    }

    [Fact]
    public async Task Hold_OnNothingTheTrailHolds_DoesNotHoldRetentionBack()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        await SeedForHoldsAsync();
        await Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "initech" }, "Case 7", Legal);

        (await Retention.PurgeAsync()).Should().Be(3);
    }

    [Fact]
    public async Task PlaceAndRelease_AreRecordedAsSecurityEvents_ByTheActor_WithScopeAndReason()
    {
        var hold = await Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "acme", ActorId = Mike.Id, From = Now.AddDays(-30), Until = Now }, "Case 42: litigation", Legal);
        var released = await Holds.ReleaseAsync(hold.Id, John);
        var again = await Holds.ReleaseAsync(hold.Id, Legal);

        released!.ReleasedBy.Should().Be(John.Id);
        released.ReleasedAt.Should().Be(Now);
        again.Should().Be(released, "releasing twice changes nothing and records nothing");
        (await Holds.ReleaseAsync(Guid.CreateVersion7(), Legal)).Should().BeNull();
        var records = await AllPagesAsync(AuditViewer.Admin(John.Id), new AuditQuery { Actions = [AuditActions.HoldPlaced, AuditActions.HoldReleased] });
        var placed = records.Should().ContainSingle(r => r.Action == AuditActions.HoldPlaced).Subject;
        placed.Actor.Id.Should().Be(Legal.Id);
        placed.ActionType.Should().Be(AuditActionType.Security);
        placed.TenantId.Should().Be("acme");
        placed.Metadata.Should().Contain(new Dictionary<string, string>
        {
            ["hold_id"] = hold.Id.ToString("D"),
            ["reason"] = "Case 42: litigation",
            ["scope_tenant_id"] = "acme",
            ["scope_actor_id"] = Mike.Id,
            ["scope_from"] = Now.AddDays(-30).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["scope_until"] = Now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        var release = records.Should().ContainSingle(r => r.Action == AuditActions.HoldReleased).Subject;
        release.Actor.Id.Should().Be(John.Id);
        release.Metadata.Should().Contain("hold_id", hold.Id.ToString("D"));
    }

    [Fact]
    public async Task List_ByTenant_ActiveOrAll()
    {
        var acme = await Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "acme" }, "Case 1", Legal);
        Clock.Elapse(TimeSpan.FromSeconds(1));
        var globex = await Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "globex" }, "Case 2", Legal);
        Clock.Elapse(TimeSpan.FromSeconds(1));
        var anyone = await Holds.PlaceAsync(new AuditLegalHoldScope { ActorId = Mike.Id }, "Case 3", Legal);
        await Holds.ReleaseAsync(globex.Id, Legal);

        (await Holds.ListAsync(tenantId: null, includeReleased: false)).Select(h => h.Id).Should().Equal(acme.Id, anyone.Id);
        (await Holds.ListAsync(tenantId: null, includeReleased: true)).Select(h => h.Id).Should().Equal(acme.Id, globex.Id, anyone.Id);
        (await Holds.ListAsync("globex", includeReleased: true)).Select(h => h.Id).Should().Equal(globex.Id);
        (await Holds.IsHeldAsync(new AuditRecord { Id = Guid.CreateVersion7(), Action = "x", ActionType = AuditActionType.Access, Actor = Mike, OccurredAt = Now, RecordedAt = Now })).Should().BeTrue();
    }

    [Theory]
    [InlineData("scope", null, null, null, "Case 1")]
    [InlineData("scope.From", "acme", "2026-12-03T00:00:00Z", "2026-12-02T00:00:00Z", "Case 1")]
    [InlineData("scope.TenantId", " ", null, null, "Case 1")]
    [InlineData("reason", "acme", null, null, "  ")]
    public async Task Place_Invalid_ThrowsNamingTheArgument(string argument, string? tenant, string? from, string? until, string reason)
    {
        var scope = new AuditLegalHoldScope
        {
            TenantId = tenant,
            From = from is null ? null : DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            Until = until is null ? null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture),
        };

        var thrown = await FluentActions.Awaiting(() => Holds.PlaceAsync(scope, reason, Legal)).Should().ThrowAsync<ArgumentException>();

        thrown.Which.ParamName.Should().Be(argument);
        thrown.Which.Message.Should().Contain(argument);
        (await Holds.ListAsync(tenantId: null, includeReleased: true)).Should().BeEmpty();
    }
}
