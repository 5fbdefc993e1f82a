using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;
using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// Every route of the HTTP API shows a regular viewer the records about them (an admin changing their role) besides
/// their own actions, and never the records about someone else; with <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/>
/// off, only their own actions.
/// </summary>
public sealed class ApiTargetUserScopeTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _aliceOwn;
    private Guid _aboutAlice;
    private Guid _aboutBob;

    public Task InitializeAsync() => StartAsync(includeRecordsAboutViewer: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task StartAsync(bool includeRecordsAboutViewer)
    {
        _app = await TestApp.StartAsync(options => options.Trail = trail => trail.IncludeRecordsAboutViewer = includeRecordsAboutViewer);
        _aliceOwn = await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.updated", AuditActionType.Update, new AuditResource("server", "web-01", "web-01"));
        var logger = _app.Services.GetRequiredService<IAuditLogger>();
        using (_app.Services.GetRequiredService<IAuditContextAccessor>().BeginScope(new AuditContext { Actor = AuditActor.User("root", "Rita Admin") }))
        {
            _aboutAlice = await logger.RoleChangedAsync(new AuditResource("user", "alice", "Alice Smith"), "Viewer", "Operator");
            _aboutBob = await logger.AccountDeactivatedAsync(new AuditResource("user", "bob", "Bob Jones"));
        }
    }

    public static TheoryData<string> ListQueries => new()
    {
        "/audit/api/events",
        "/audit/api/events?user=root",
        "/audit/api/events?type=Security",
        "/audit/api/events?q=Operator",
        "/audit/api/events?resourceType=user",
        "/audit/api/events?action=account.role_changed",
        "/audit/api/events?limit=1",
    };

    [Theory]
    [MemberData(nameof(ListQueries))]
    public async Task List_NonAdmin_SeesTheRecordAboutThem_NeverTheOneAboutSomeoneElse(string url)
    {
        var page = await _app.GetJsonAsync(url, TestUser.Alice);

        Ids(page).Should().Contain(_aboutAlice).And.NotContain(_aboutBob);
        page.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetGuid() == _aboutAlice)
            .GetProperty("targetUser").GetProperty("id").GetString().Should().Be("alice");
    }

    [Fact]
    public async Task List_NonAdminFilteringByThemselves_SeesOnlyTheirOwnActions()
    {
        Ids(await _app.GetJsonAsync("/audit/api/events?user=alice", TestUser.Alice)).Should().Contain(_aliceOwn).And.NotContain([_aboutAlice, _aboutBob]);
        Ids(await _app.GetJsonAsync("/audit/api/events?user=bob", TestUser.Alice)).Should().BeEmpty();
    }

    [Fact]
    public async Task Get_NonAdmin_TheRecordAboutThemIsReturned_TheOneAboutSomeoneElseIs404()
    {
        var record = await _app.GetJsonAsync($"/audit/api/events/{_aboutAlice}", TestUser.Alice);
        using var other = await _app.GetAsync($"/audit/api/events/{_aboutBob}", TestUser.Alice);

        record.GetProperty("targetUser").GetProperty("displayName").GetString().Should().Be("Alice Smith");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Facets_NonAdmin_OfferThemselvesAndWhoActedOnThem()
    {
        var facets = await _app.GetJsonAsync("/audit/api/facets", TestUser.Alice);

        facets.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString()).Should().BeEquivalentTo(["alice", "root"]);
        facets.GetProperty("actions").EnumerateArray().Select(action => action.GetString()).Should().NotContain(AuditActions.AccountDeactivated);
    }

    [Theory]
    [InlineData("/audit/api/export.csv")]
    [InlineData("/audit/api/export.jsonl")]
    [InlineData("/audit/api/export.csv?user=root")]
    public async Task Export_NonAdmin_HoldsTheRecordAboutThem_NeverTheOneAboutSomeoneElse(string url)
    {
        using var response = await _app.GetAsync(url, TestUser.Alice);
        var body = await response.Content.ReadAsStringAsync();

        var ids = url.Contains(".csv", StringComparison.Ordinal)
            ? Rfc4180.Records(body).Select(row => Guid.Parse(row["Id"]))
            : body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetGuid());
        ids.Should().Contain(_aboutAlice).And.NotContain(_aboutBob);
        body.Should().NotContain("Bob Jones");
    }

    [Fact]
    public async Task EveryRoute_OptionOff_NonAdminSeesOnlyTheirOwnActions()
    {
        await _app.DisposeAsync();
        await StartAsync(includeRecordsAboutViewer: false);

        // Alice's own actions include the access records of her reads, so the assertions name what she must not see.
        Ids(await _app.GetJsonAsync("/audit/api/events", TestUser.Alice)).Should().Contain(_aliceOwn).And.NotContain([_aboutAlice, _aboutBob]);
        using (var get = await _app.GetAsync($"/audit/api/events/{_aboutAlice}", TestUser.Alice))
        {
            get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        (await _app.GetJsonAsync("/audit/api/facets", TestUser.Alice)).GetProperty("actors").EnumerateArray()
            .Select(actor => actor.GetProperty("id").GetString()).Should().Equal("alice");
        using var export = await _app.GetAsync("/audit/api/export.csv", TestUser.Alice);
        Rfc4180.Records(await export.Content.ReadAsStringAsync()).Select(row => Guid.Parse(row["Id"]))
            .Should().Contain(_aliceOwn).And.NotContain([_aboutAlice, _aboutBob]);
    }

    private static List<Guid> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
}
