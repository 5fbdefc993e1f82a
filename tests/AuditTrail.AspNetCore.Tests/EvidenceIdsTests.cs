using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary><c>api/events?ids=…</c>: a finding's evidence in the log view, read like every other read.</summary>
public sealed class EvidenceIdsTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _aliceFirst;
    private Guid _aliceSecond;
    private Guid _bob;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _aliceFirst = await _app.SeedAsync(AuditActor.User("alice", "Alice"), "server.updated", AuditActionType.Update);
        _bob = await _app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);
        _aliceSecond = await _app.SeedAsync(AuditActor.User("alice", "Alice"), "server.deleted", AuditActionType.Delete);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ids_Admin_GetsExactlyThoseRecordsNewestFirst_AndTheReadIsRecorded()
    {
        var page = await _app.GetJsonAsync($"/audit/api/events?ids={_aliceFirst},{_bob}&ids={_aliceSecond}", TestUser.Admin);

        Ids(page).Should().Equal(_aliceSecond, _bob, _aliceFirst);
        page.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        var record = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        record.Metadata["records"].Should().Be("3");
        record.Metadata["filter.ids"].Should().Contain(_bob.ToString("D"));
    }

    [Fact]
    public async Task Ids_NonAdmin_GetsOnlyTheirOwn_AndReachingForOthersIsRecordedAsAFailure()
    {
        var page = await _app.GetJsonAsync($"/audit/api/events?ids={_aliceFirst},{_bob}", TestUser.Alice);

        Ids(page).Should().Equal(_aliceFirst);
        var refused = await _app.SingleRecordAsync(AuditAspNetCoreActions.AuthorizationFailed);
        refused.Actor.Id.Should().Be(TestUser.Alice.Id);
        refused.FailureReason.Should().Be(AuditApiHandlers.RecordNotVisibleReason);
    }

    [Theory]
    [InlineData("IDS")]
    [InlineData("Ids")]
    public async Task Ids_NameInAnotherCase_IsReadLikeIds(string name)
    {
        // Parameter names are case-insensitive, as ASP.NET Core reads them.
        var page = await _app.GetJsonAsync($"/audit/api/events?{name}={_aliceFirst},{_bob}", TestUser.Admin);

        Ids(page).Should().Equal(_bob, _aliceFirst);
    }

    [Fact]
    public async Task Ids_TenantAdmin_GetsOnlyTheirTenantsRecords()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);
        var logger = app.Services.GetService(typeof(IAuditLogger)) as IAuditLogger;
        var acme = await logger!.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("a", "A"), TenantId = "acme" });
        var globex = await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("g", "G"), TenantId = "globex" });

        var page = await app.GetJsonAsync($"/audit/api/events?ids={acme},{globex}", TestUser.Admin with { Tenant = "acme" });

        Ids(page).Should().Equal(acme);
    }

    [Theory]
    [InlineData("ids=not-a-guid")]
    [InlineData("ids=")]
    [InlineData("ids=,")]
    [InlineData("ids=0193a000-0000-7000-8000-000000000001&type=Update")]
    [InlineData("ids=0193a000-0000-7000-8000-000000000001&cursor=abc")]
    public async Task Ids_Invalid_Gets400NamingIds(string query)
    {
        using var response = await _app.GetAsync("/audit/api/events?" + query, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be("ids");
    }

    [Fact]
    public async Task Ids_MoreThanTheListLimit_Gets400()
    {
        var ids = string.Join(',', Enumerable.Range(0, AuditQuery.MaxListValues + 1).Select(_ => Guid.CreateVersion7().ToString("D")));

        using var response = await _app.GetAsync("/audit/api/events?ids=" + ids, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain($"at most {AuditQuery.MaxListValues}");
    }

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
}
