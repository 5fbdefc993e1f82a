using AuditTrail.Conformance.Support;
using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class ApiScopeTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _aliceEvent;
    private Guid _bobEvent;
    private Guid _systemEvent;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _aliceEvent = await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.updated", AuditActionType.Update, new AuditResource("server", "web-01", "web-01"));
        _bobEvent = await _app.SeedAsync(AuditActor.User("bob", "Bob Jones"), "server.deleted", AuditActionType.Delete, new AuditResource("server", "db-02", "db-02"));
        _systemEvent = await _app.SeedAsync(AuditActor.System, AuditActions.ApiKeyExpired, AuditActionType.Security, new AuditResource("api_key", "k1", "CI key"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string> ListQueries => new()
    {
        "/audit/api/events",
        "/audit/api/events?user=bob",
        "/audit/api/events?user=alice&user=bob",
        "/audit/api/events?user=system",
        "/audit/api/events?type=Delete",
        "/audit/api/events?q=db-02",
        "/audit/api/events?resourceType=server&resourceId=db-02",
        "/audit/api/events?action=server.deleted",
        "/audit/api/events?limit=500",
    };

    public static TheoryData<string> ExportUrls => new()
    {
        "/audit/api/export.csv",
        "/audit/api/export.csv?user=bob",
        "/audit/api/export.csv?type=Delete&type=Security",
        "/audit/api/export.jsonl",
        "/audit/api/export.jsonl?user=bob",
        "/audit/api/export.jsonl?q=db-02",
    };

    public static TheoryData<string> AllEndpoints => new()
    {
        "/audit/api/events",
        "/audit/api/events/0193a5b0-0000-7000-8000-000000000001",
        "/audit/api/facets",
        "/audit/api/export.csv",
        "/audit/api/export.jsonl",
    };

    [Theory]
    [MemberData(nameof(ListQueries))]
    public async Task List_NonAdmin_SeesOnlyTheirOwnRecords(string url)
    {
        var page = await _app.GetJsonAsync(url, TestUser.Alice);

        var actors = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("actor").GetProperty("id").GetString()).ToList();
        actors.Where(actor => actor != "alice").Should().BeEmpty();
        Ids(page).Should().NotContain([_bobEvent, _systemEvent]);
    }

    [Fact]
    public async Task List_NonAdmin_IncludesTheirOwnEvent()
    {
        var page = await _app.GetJsonAsync("/audit/api/events", TestUser.Alice);

        Ids(page).Should().Contain(_aliceEvent);
    }

    [Fact]
    public async Task List_Admin_SeesEveryone()
    {
        var page = await _app.GetJsonAsync("/audit/api/events", TestUser.Admin);

        Ids(page).Should().Contain([_aliceEvent, _bobEvent, _systemEvent]);
    }

    [Fact]
    public async Task List_AdminFilteringByUser_SeesThatUser()
    {
        var page = await _app.GetJsonAsync("/audit/api/events?user=bob", TestUser.Admin);

        Ids(page).Should().Equal(_bobEvent);
    }

    [Fact]
    public async Task List_AdminByPolicy_SeesEveryone()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore =>
        {
            aspNetCore.AdminRoles.Clear();
            aspNetCore.AdminPolicy = TestApp.AuditAdminPolicy;
        });
        var bobEvent = await app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);

        using var asAuditor = await app.GetAsync("/audit/api/events", configure: request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, $"{System.Security.Claims.ClaimTypes.NameIdentifier}=auditor;audit_admin=true"));
        using var asAdminRole = await app.GetAsync("/audit/api/events", TestUser.Admin);

        Ids(JsonDocument.Parse(await asAuditor.Content.ReadAsStringAsync()).RootElement).Should().Contain(bobEvent);
        Ids(JsonDocument.Parse(await asAdminRole.Content.ReadAsStringAsync()).RootElement).Should().NotContain(bobEvent, "the Admin role no longer counts");
    }

    [Fact]
    public async Task Get_NonAdmin_OwnRecordIsReturned()
    {
        var record = await _app.GetJsonAsync($"/audit/api/events/{_aliceEvent}", TestUser.Alice);

        record.GetProperty("id").GetGuid().Should().Be(_aliceEvent);
        record.GetProperty("actor").GetProperty("displayName").GetString().Should().Be("Alice Smith");
    }

    [Fact]
    public async Task Get_NonAdmin_AnotherUsersRecord_IsTheSame404AsAMissingOne()
    {
        using var other = await _app.GetAsync($"/audit/api/events/{_bobEvent}", TestUser.Alice);
        using var missing = await _app.GetAsync($"/audit/api/events/{Guid.CreateVersion7()}", TestUser.Alice);

        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var otherBody = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement;
        var missingBody = JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement;
        otherBody.GetProperty("title").GetString().Should().Be(missingBody.GetProperty("title").GetString());
        otherBody.GetProperty("detail").GetString().Should().Be(missingBody.GetProperty("detail").GetString());
        (await other.Content.ReadAsStringAsync()).Should().NotContain("bob").And.NotContain("db-02");
    }

    [Fact]
    public async Task Get_Admin_AnotherUsersRecord_IsReturned()
    {
        var record = await _app.GetJsonAsync($"/audit/api/events/{_bobEvent}", TestUser.Admin);

        record.GetProperty("actor").GetProperty("id").GetString().Should().Be("bob");
    }

    [Fact]
    public async Task Facets_NonAdmin_OfferOnlyThemselves()
    {
        var facets = await _app.GetJsonAsync("/audit/api/facets", TestUser.Alice);

        facets.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString()).Should().Equal("alice");
        facets.GetProperty("actions").EnumerateArray().Select(action => action.GetString()).Should().NotContain(["server.deleted", AuditActions.ApiKeyExpired]);
        facets.GetProperty("viewer").GetProperty("isAdmin").GetBoolean().Should().BeFalse();
        facets.GetProperty("viewer").GetProperty("id").GetString().Should().Be("alice");
    }

    [Fact]
    public async Task Facets_Admin_OfferEveryoneAndSayAdmin()
    {
        var facets = await _app.GetJsonAsync("/audit/api/facets", TestUser.Admin);

        facets.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString())
            .Should().Contain(["alice", "bob", AuditActor.SystemId]);
        facets.GetProperty("actionTypes").EnumerateArray().Select(type => type.GetString())
            .Should().Contain(["Update", "Delete", "Security"]);
        facets.GetProperty("viewer").GetProperty("isAdmin").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(ExportUrls))]
    public async Task Export_NonAdmin_ContainsOnlyTheirOwnRecords(string url)
    {
        using var response = await _app.GetAsync(url, TestUser.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();

        var actors = url.Contains(".csv", StringComparison.Ordinal)
            ? Rfc4180.Records(body).Select(row => row["User Id"])
            : body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("actor").GetProperty("id").GetString());
        actors.Where(actor => actor != "alice").Should().BeEmpty();
        body.Should().NotContain(_bobEvent.ToString()).And.NotContain(_systemEvent.ToString());
    }

    [Fact]
    public async Task Export_Admin_ContainsEveryone()
    {
        using var response = await _app.GetAsync("/audit/api/export.csv", TestUser.Admin);

        var ids = Rfc4180.Records(await response.Content.ReadAsStringAsync()).Select(row => Guid.Parse(row["Id"]));
        ids.Should().Contain([_aliceEvent, _bobEvent, _systemEvent]);
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task AnyEndpoint_Anonymous_Is401(string url)
    {
        using var response = await _app.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(AllEndpoints))]
    public async Task AnyEndpoint_AuthenticatedWithoutAnIdClaim_Is403(string url)
    {
        using var response = await _app.GetAsync(url, configure: request => request.Headers.Add(TestAuthHandler.ClaimsHeader, "email=x@example.com"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("ActorIdClaimTypes");
    }

    [Fact]
    public async Task List_TenantAdmin_SeesOnlyTheirTenant()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);
        var logger = (IAuditLogger)app.Services.GetService(typeof(IAuditLogger))!;
        var acme = await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("bob", "Bob"), TenantId = "acme" });
        var globex = await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("gina", "Gina"), TenantId = "globex" });

        var page = await app.GetJsonAsync("/audit/api/events", TestUser.Admin with { Tenant = "acme" });
        using var withoutTenant = await app.GetAsync("/audit/api/events", TestUser.Admin);

        Ids(page).Should().Contain(acme).And.NotContain(globex);
        withoutTenant.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("/audit/api/events")]
    [InlineData("/audit/api/facets")]
    [InlineData("/audit/api/count")]
    [InlineData("/audit/api/histogram")]
    [InlineData("/audit/api/histogram?bucket=day")]
    [InlineData("/audit/api/export.csv")]
    [InlineData("/audit/api/export.jsonl")]
    [InlineData("/audit/api/export.ocsf.jsonl")]
    [InlineData("/audit/api/events?q=globex-secret")]
    public async Task EveryRead_OfATenantAdmin_HoldsNothingOfAnotherTenant_NeitherNamesNorActionsNorCounts(string url)
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);
        var logger = (IAuditLogger)app.Services.GetService(typeof(IAuditLogger))!;
        await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("bob", "Bob Acme"), TenantId = "acme" });
        for (var i = 0; i < 3; i++)
        {
            await logger.LogAsync(new AuditEvent
            {
                Action = "vault.opened", ActionType = AuditActionType.Security, Actor = AuditActor.User("gina", "Gina Globex"), TenantId = "globex",
                Description = "globex-secret",
            });
        }

        using var response = await app.GetAsync(url, TestUser.Admin with { Tenant = "acme" });
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        body.Should().NotContainAny(["gina", "Gina Globex", "vault.opened", "globex-secret", "Security"], "globex's records are outside acme's admin's scope");
        if (url.StartsWith("/audit/api/histogram", StringComparison.Ordinal) || url == "/audit/api/count")
        {
            JsonDocument.Parse(body).RootElement.GetProperty(url == "/audit/api/count" ? "count" : "total").GetInt64()
                .Should().Be(1, "only acme's one record is counted");
        }
    }

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
}
