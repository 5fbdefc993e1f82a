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
    [InlineData("{\"from\":\"notadate\",\"reason\":\"x\"}", "from")]
    [InlineData("{\"until\":20260101,\"reason\":\"x\"}", "until")]
    [InlineData("{\"actorId\":123,\"reason\":\"x\"}", "actorId")]
    [InlineData("{\"actorId\":\"\",\"reason\":\"x\"}", "actorId")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"actorId\":\"alice\\u0000\",\"reason\":\"x\"}", "actorId")]
    [InlineData("{\"tenantId\":\"acme\\u0000\",\"reason\":\"x\"}", "tenantId")]
    public async Task Place_Invalid_Gets400ProblemNamingTheField(string body, string field)
    {
        using var response = await _app.PostAsync("/audit/api/holds", TestUser.Admin, request => request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("parameter").GetString().Should().Be(field);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        problem.GetProperty("title").GetString().Should().Be($"Invalid field '{field}'");
        problem.GetProperty("detail").GetString().Should().NotContain("AuditTrail.").And.NotContain("scope.").And.NotContain("(Parameter");
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task Place_FromAnotherSite_Gets403_NothingIsPlaced_AndTheAttemptIsRecorded(string header, string value)
    {
        using var response = await _app.PostAsync("/audit/api/holds", TestUser.Admin, request =>
        {
            request.Content = JsonContent.Create(new { actorId = "alice", reason = "csrf" });
            request.Headers.TryAddWithoutValidation(header, value);
        });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _app.Services.GetRequiredService<IAuditLegalHolds>().ListAsync(null, includeReleased: true)).Should().BeEmpty();
        var refused = await _app.SingleRecordAsync(AuditAspNetCoreActions.AuthorizationFailed);
        refused.FailureReason.Should().Be("cross-site request");
        refused.Metadata["endpoint"].Should().Be("holds");
    }

    [Fact]
    public async Task Place_FromTheApplicationsOwnOrigin_IsPlaced()
    {
        using var response = await _app.PostAsync("/audit/api/holds", TestUser.Admin, request =>
        {
            request.Content = JsonContent.Create(new { actorId = "alice", reason = "Case 8" });
            request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Place_WithABodyThatIsNotDeclaredJson_Gets415_AndNothingIsPlaced(string contentType)
    {
        using var response = await _app.PostAsync("/audit/api/holds", TestUser.Admin, request =>
            request.Content = new StringContent("{\"actorId\":\"alice\",\"reason\":\"csrf\"}", System.Text.Encoding.UTF8, contentType));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parameter").GetString().Should().Be("Content-Type");
        (await _app.Services.GetRequiredService<IAuditLegalHolds>().ListAsync(null, includeReleased: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task Release_FromAnotherSite_Gets403_AndTheHoldStaysActive()
    {
        using var placed = await PlaceAsync(TestUser.Admin, new { tenantId = "acme", reason = "Case 9" });
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var response = await _app.PostAsync($"/audit/api/holds/{id}/release", TestUser.Admin, request => request.Headers.TryAddWithoutValidation("Origin", "http://evil.example"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _app.GetJsonAsync("/audit/api/holds", TestUser.Admin)).GetArrayLength().Should().Be(1, "the hold is still active");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("true&includeReleased=false")]
    public async Task List_IncludeReleasedNotABoolean_Gets400NamingIt(string value)
    {
        using var response = await _app.GetAsync("/audit/api/holds?includeReleased=" + value, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("parameter").GetString().Should().Be("includeReleased");
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
    public async Task PlaceAsync_ActorOrTenantNoRecordCanHold_IsRefusedNamingIt_AndNothingIsPlaced()
    {
        // A record stores a NUL or a lone surrogate as U+FFFD: a hold on the value as given would keep nothing.
        var holds = _app.Services.GetRequiredService<IAuditLegalHolds>();
        var placedBy = AuditActor.User(TestUser.Admin.Id, "Admin");
        foreach (var (scope, argument) in new[]
        {
            (new AuditLegalHoldScope { ActorId = "alice\0" }, "scope.ActorId"),
            (new AuditLegalHoldScope { ActorId = "alice\uD800" }, "scope.ActorId"),
            (new AuditLegalHoldScope { TenantId = "acme\uDC00" }, "scope.TenantId"),
        })
        {
            var place = () => holds.PlaceAsync(scope, "Case 1", placedBy);

            (await place.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(argument);
        }

        (await holds.ListAsync(null, includeReleased: true)).Should().BeEmpty();
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
