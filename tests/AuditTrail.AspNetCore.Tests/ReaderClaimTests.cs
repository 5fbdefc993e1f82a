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

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
}
