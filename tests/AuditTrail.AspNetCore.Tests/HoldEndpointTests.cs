using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Tests;

public sealed class HoldEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Place_Admin_Gets201WithTheHold_ListsIt_AndThePlacingIsRecorded()
    {
        using var response = await PlaceAsync(TestUser.Admin, new { actorId = "alice", from = "2026-01-01T00:00:00Z", reason = "Case 42" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var hold = await response.Content.ReadFromJsonAsync<JsonElement>();
        hold.GetProperty("scope").GetProperty("actorId").GetString().Should().Be("alice");
        hold.GetProperty("placedBy").GetString().Should().Be(TestUser.Admin.Id);
        hold.GetProperty("isActive").GetBoolean().Should().BeTrue();
        var list = await _app.GetJsonAsync("/audit/api/holds", TestUser.Admin);
        list.EnumerateArray().Select(h => h.GetProperty("id").GetString()).Should().Equal(hold.GetProperty("id").GetString());
        var placed = await _app.SingleRecordAsync(AuditActions.HoldPlaced);
        placed.Actor.Id.Should().Be(TestUser.Admin.Id);
        placed.Metadata.Should().Contain("reason", "Case 42").And.Contain("scope_actor_id", "alice");
    }

    [Theory]
    [InlineData("{\"reason\":\"Case 1\"}", "scope")]
    [InlineData("{\"actorId\":\"alice\"}", "reason")]
    [InlineData("{\"tenantId\":\"acme\",\"from\":\"2026-02-01T00:00:00Z\",\"until\":\"2026-01-01T00:00:00Z\",\"reason\":\"Case 1\"}", "from")]
    [InlineData("{\"actorId\":", "body")]
    public async Task Place_Invalid_Gets400ProblemNamingTheField(string body, string field)
    {
        using var response = await _app.PostAsync("/audit/api/holds", TestUser.Admin, request => request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("parameter").GetString().Should().Be(field);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    [Fact]
    public async Task Holds_NonAdmin_Gets403_AndNothingIsPlaced()
    {
        using var list = await _app.GetAsync("/audit/api/holds", TestUser.Alice);
        using var place = await PlaceAsync(TestUser.Alice, new { actorId = "bob", reason = "Mine" });

        list.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        place.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _app.Services.GetRequiredService<IAuditLegalHolds>().ListAsync(null, includeReleased: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task Holds_Anonymous_Gets401()
    {
        using var response = await _app.GetAsync("/audit/api/holds");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Release_Admin_ReleasesIt_AndTheReleaseIsRecorded()
    {
        using var placed = await PlaceAsync(TestUser.Admin, new { tenantId = "acme", reason = "Case 7" });
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var response = await _app.PostAsync($"/audit/api/holds/{id}/release", TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var hold = await response.Content.ReadFromJsonAsync<JsonElement>();
        hold.GetProperty("isActive").GetBoolean().Should().BeFalse();
        hold.GetProperty("releasedBy").GetString().Should().Be(TestUser.Admin.Id);
        (await _app.GetJsonAsync("/audit/api/holds", TestUser.Admin)).GetArrayLength().Should().Be(0, "released holds are listed only on request");
        (await _app.GetJsonAsync("/audit/api/holds?includeReleased=true", TestUser.Admin)).GetArrayLength().Should().Be(1);
        (await _app.SingleRecordAsync(AuditActions.HoldReleased)).Metadata.Should().Contain("hold_id", id!);
        using var unknown = await _app.PostAsync($"/audit/api/holds/{Guid.CreateVersion7()}/release", TestUser.Admin);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TenantAdmin_SeesAndReleasesOnlyTheirTenantsHolds_AndPlacesOnTheirTenant()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);
        var acmeAdmin = TestUser.Admin with { Tenant = "acme" };
        using var globex = await PlaceAsync(app, TestUser.Admin with { Tenant = "globex" }, new { reason = "Case 1" });
        var globexId = (await globex.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var own = await PlaceAsync(app, acmeAdmin, new { actorId = "alice", reason = "Case 2" });
        using var foreign = await PlaceAsync(app, acmeAdmin, new { tenantId = "globex", reason = "Case 3" });
        using var release = await app.PostAsync($"/audit/api/holds/{globexId}/release", acmeAdmin);

        own.StatusCode.Should().Be(HttpStatusCode.Created);
        (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope").GetProperty("tenantId").GetString().Should().Be("acme");
        foreign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        release.StatusCode.Should().Be(HttpStatusCode.NotFound, "another tenant's hold is not the tenant admin's to see");
        var listed = await app.GetJsonAsync("/audit/api/holds", acmeAdmin);
        listed.EnumerateArray().Select(h => h.GetProperty("scope").GetProperty("tenantId").GetString()).Should().Equal("acme");
    }

    private Task<HttpResponseMessage> PlaceAsync(TestUser user, object body) => PlaceAsync(_app, user, body);

    private static Task<HttpResponseMessage> PlaceAsync(TestApp app, TestUser user, object body) =>
        app.PostAsync("/audit/api/holds", user, request => request.Content = JsonContent.Create(body));
}
