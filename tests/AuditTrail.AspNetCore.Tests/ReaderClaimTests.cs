using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// Which claims make the API's reader: only those of authenticated identities, also through <c>AdminPolicy</c>; one
/// tenant, never the first of several; and an id and tenant that records can hold as given.
/// </summary>
public sealed class ReaderClaimTests
{
    private static readonly TestUser AcmeAdmin = TestUser.Admin with { Tenant = "acme" };

    private static Task<TestApp> StartTenantAppAsync() =>
        TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);

    private static async Task<(Guid Acme, Guid Globex)> SeedTenantsAsync(TestApp app)
    {
        var logger = (IAuditLogger)app.Services.GetService(typeof(IAuditLogger))!;
        var acme = await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("bob", "Bob"), TenantId = "acme" });
        var globex = await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("gina", "Gina"), TenantId = "globex" });
        return (acme, globex);
    }

    [Fact]
    public async Task List_AdminPolicyMetOnlyByARoleOnAnUnauthenticatedIdentity_ReadsOnlyTheirOwn()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore =>
        {
            aspNetCore.AdminRoles.Clear();
            aspNetCore.AdminPolicy = TestApp.AdminOnlyPolicy; // RequireRole("Admin")
        });
        var bobEvent = await app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);

        var asAlice = await app.GetJsonAsync("/audit/api/events", TestUser.Alice);
        using var spoofed = await app.GetAsync("/audit/api/events", TestUser.Alice, request => request.Headers.Add(TestApp.UnverifiedRolesHeader, "Admin"));
        using var facets = await app.GetAsync("/audit/api/facets", TestUser.Alice, request => request.Headers.Add(TestApp.UnverifiedRolesHeader, "Admin"));
        var asAdmin = await app.GetJsonAsync("/audit/api/events", TestUser.Admin);

        Ids(asAlice).Should().NotContain(bobEvent);
        Ids(JsonDocument.Parse(await spoofed.Content.ReadAsStringAsync()).RootElement).Should().NotContain(bobEvent, "no scheme vouched for that role");
        JsonDocument.Parse(await facets.Content.ReadAsStringAsync()).RootElement.GetProperty("viewer").GetProperty("isAdmin").GetBoolean().Should().BeFalse();
        Ids(asAdmin).Should().Contain(bobEvent, "the policy still admits an authenticated Admin");
    }

    [Theory]
    [InlineData("/audit/api/events")]
    [InlineData("/audit/api/export.csv")]
    [InlineData("/audit/api/facets")]
    [InlineData("/audit/api/count")]
    public async Task AnyRead_TwoDifferentTenantClaims_Is403AndNamesTheAmbiguity(string url)
    {
        await using var app = await StartTenantAppAsync();
        await SeedTenantsAsync(app);

        using var response = await app.GetAsync(url, AcmeAdmin, request => request.Headers.Add(TestAuthHandler.ClaimsHeader, "tenant=globex"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("2 different tenant claims").And.NotContain("server.deleted");
    }

    [Fact]
    public async Task List_TheSameTenantClaimTwice_ReadsThatTenant()
    {
        await using var app = await StartTenantAppAsync();
        var (acme, globex) = await SeedTenantsAsync(app);

        using var response = await app.GetAsync("/audit/api/events", AcmeAdmin, request => request.Headers.Add(TestAuthHandler.ClaimsHeader, "tenant=acme"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Ids(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement).Should().Contain(acme).And.NotContain(globex);
    }

    [Fact]
    public async Task HostEvent_TwoDifferentTenantClaims_IsRecordedWithoutATenant()
    {
        await using var app = await StartTenantAppAsync();

        using var response = await app.PostAsync("/servers/web-01", AcmeAdmin, request => request.Headers.Add(TestAuthHandler.ClaimsHeader, "tenant=globex"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var record = await app.SingleRecordAsync(AuditActions.Updated("server"));
        record.Actor.Id.Should().Be("root");
        record.TenantId.Should().BeNull("which of the two tenants the request acted in is unknown; the first is not a guess to record");
    }

    [Theory]
    [InlineData(AuditLimits.TenantId + 1, "129 characters long")]
    [InlineData(AuditLimits.TenantId + 40, "168 characters long")]
    public async Task List_TenantClaimLongerThanRecordsKeep_Is403NamingTheLength(int length, string named)
    {
        await using var app = await StartTenantAppAsync();
        var tenant = new string('t', length);

        using var response = await app.GetAsync("/audit/api/events", TestUser.Admin with { Tenant = tenant });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain(named).And.Contain("tenant claim ('tenant')");
    }

    [Fact]
    public async Task List_TenantClaimAtTheLimit_ReadsThatTenant()
    {
        await using var app = await StartTenantAppAsync();
        var tenant = new string('t', AuditLimits.TenantId);
        var logger = (IAuditLogger)app.Services.GetService(typeof(IAuditLogger))!;
        var own = await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("bob", "Bob"), TenantId = tenant });

        var page = await app.GetJsonAsync("/audit/api/events", TestUser.Admin with { Tenant = tenant });

        Ids(page).Should().Contain(own);
    }

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
}
