using System.Net;
using System.Reflection;
using System.Text.Json;
using AuditTrail.AspNetCore;
using AuditTrail.Security.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Security.Tests;

/// <summary>A regular user tries every read path and parameter to reach another user's entries.</summary>
public sealed class ScopeEscapeTests : IAsyncLifetime
{
    private const string BobMarker = "bob-private-marker-41";

    private SecurityHost _host = null!;
    private Guid _bobEvent;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            _bobEvent = await _host.RecordThroughHostAsync(
                new HostEventRequest { Description = $"{BobMarker} {i}", ResourceType = "server", ResourceId = "srv-bob", ResourceName = BobMarker },
                Caller.Bob);
        }

        await _host.RecordThroughHostAsync(new HostEventRequest { Description = "alice's own change", ResourceType = "server", ResourceId = "srv-alice" }, Caller.Alice);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Every parameter a reader takes, aimed at Bob.</summary>
    public static TheoryData<string> HostileQueries => new()
    {
        "",
        "user=bob",
        "user=bob&user=alice",
        "user=root",
        $"q={BobMarker}",
        "q=bob",
        "resourceId=srv-bob",
        "resourceType=server",
        "action=server.updated",
        "type=Update",
        "outcome=Success",
        "from=2000-01-01&to=2999-01-01",
        "ip=127.0.0.1",
        "limit=1000",
        "user=bob&q=%25",
        "user=%2A",
        "user=alice%27%20OR%20%271%27%3D%271",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task NonAdmin_EveryParameterOnEveryListAndExport_NeverReturnsAnotherUsersEntries(string query)
    {
        foreach (var path in new[] { "/audit/api/events", "/audit/api/export.csv", "/audit/api/export.jsonl" })
        {
            using var response = await _host.GetAsync($"{path}?{query}", Caller.Alice);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
            body.Should().NotContain(BobMarker, $"{path}?{query} is read by Alice").And.NotContain("srv-bob").And.NotContain("Bob Jones");
        }
    }

    [Fact]
    public async Task NonAdmin_EveryRouteOfTheAuditApiAndViewer_NeverReturnsAnotherUsersEntries()
    {
        // The route table, not a list in this test: a read surface added later is probed too.
        var routes = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(endpoint => endpoint.RoutePattern.RawText!)
            .Where(pattern => pattern.StartsWith("/audit", StringComparison.Ordinal))
            .ToList();
        routes.Should().Contain(["/audit/api/events", "/audit/api/events/{id}", "/audit/api/facets", "/audit/api/export.csv", "/audit/api/export.jsonl"]);

        foreach (var pattern in routes)
        {
            var url = pattern.Replace("{id}", _bobEvent.ToString(), StringComparison.Ordinal) + $"?user=bob&q={BobMarker}&resourceId=srv-bob";
            using var response = await _host.GetAsync(url, Caller.Alice);
            var body = await response.Content.ReadAsStringAsync();

            body.Should().NotContain(BobMarker, $"{pattern} is read by Alice").And.NotContain("srv-bob").And.NotContain("Bob Jones");
            body.Should().NotContain(_bobEvent.ToString(), $"{pattern} must not even confirm Bob's event id");
        }
    }

    [Fact]
    public async Task NonAdmin_AnotherUsersIdAndFacets_LookLikeNothingIsThereAndTheProbeIsRecorded()
    {
        using var other = await _host.GetAsync($"/audit/api/events/{_bobEvent}", Caller.Alice);
        using var missing = await _host.GetAsync($"/audit/api/events/{Guid.CreateVersion7()}", Caller.Alice);
        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.Content.ReadAsStringAsync()).Should().Be(await missing.Content.ReadAsStringAsync());

        var facets = JsonDocument.Parse(await _host.GetTextAsync("/audit/api/facets", Caller.Alice)).RootElement;
        facets.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString()).Should().Equal("alice");

        // The lookup of Bob's id is in the trail with the id Alice asked for; an admin can see that it exists.
        var probe = (await _host.RecordsAsync()).Should().ContainSingle(record =>
            record.Actor.Id == "alice" && record.Resource != null && record.Resource.Id == _bobEvent.ToString("D")).Subject;
        probe.Action.Should().Be(AuditActions.AuditQueried);
        probe.Metadata.Should().Contain("found", "false").And.Contain("scope", "own");
    }

    [Fact]
    public async Task NonAdmin_CursorTakenFromAnAdminsResponse_IsRefusedAndRecordedAsAnAuthorizationFailure()
    {
        var adminPage = JsonDocument.Parse(await _host.GetTextAsync("/audit/api/events?limit=1&user=bob", Caller.Admin)).RootElement;
        var cursor = adminPage.GetProperty("nextCursor").GetString()!;

        foreach (var query in new[] { "limit=1&user=bob", "limit=1", "" })
        {
            using var response = await _host.GetAsync($"/audit/api/events?{query}&cursor={Uri.EscapeDataString(cursor)}", Caller.Alice);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
            body.Should().NotContain(BobMarker);
        }

        var failures = (await _host.RecordsAsync()).Where(record => record.Action == AuditAspNetCoreActions.AuthorizationFailed).ToList();
        failures.Should().HaveCount(3, "one record per refused request");
        failures.Should().OnlyContain(record =>
            record.Actor.Id == "alice"
            && record.ActionType == AuditActionType.Security
            && record.Outcome == AuditOutcome.Failure
            && record.FailureReason == "cursor rejected");
    }

    [Fact]
    public async Task NonAdmin_ReaderApi_EveryMethodIsScoped()
    {
        var alice = AuditViewer.User("alice");
        var towardsBob = new AuditQuery { ActorIds = ["bob"], Search = BobMarker, ResourceId = "srv-bob" };
        var adminCursor = (await _host.Reader.QueryAsync(AuditViewer.Admin("root"), new AuditQuery { ActorIds = ["bob"], Limit = 1 })).NextCursor!;

        // Every public read of IAuditReader, by reflection, so a new one has to be added here to pass.
        typeof(IAuditReader).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(method => method.Name).Should().BeEquivalentTo(
            [nameof(IAuditReader.QueryAsync), nameof(IAuditReader.GetAsync), nameof(IAuditReader.CountAsync), nameof(IAuditReader.GetFacetsAsync), nameof(IAuditReader.StreamAsync), nameof(IAuditReader.ExportAsync)]);

        (await _host.Reader.QueryAsync(alice, towardsBob)).Items.Should().BeEmpty();
        (await _host.Reader.GetAsync(alice, _bobEvent)).Should().BeNull();
        (await _host.Reader.CountAsync(alice, towardsBob)).Should().Be(0);
        (await _host.Reader.CountAsync(alice, new AuditQuery())).Should().Be(1);
        (await _host.Reader.GetFacetsAsync(alice)).Actors.Select(actor => actor.Id).Should().Equal("alice");
        var streamed = new List<AuditRecord>();
        await foreach (var record in _host.Reader.StreamAsync(alice, towardsBob))
        {
            streamed.Add(record);
        }

        streamed.Should().BeEmpty();
        using var export = new MemoryStream();
        (await _host.Reader.ExportAsync(alice, towardsBob, AuditExportFormat.JsonLines, export)).Should().Be(0);
        var foreignCursor = () => _host.Reader.QueryAsync(alice, new AuditQuery { ActorIds = ["bob"], Limit = 1, Cursor = adminCursor });
        (await foreignCursor.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("query.Cursor");
        (await _host.Reader.QueryAsync(null, new AuditQuery())).Items.Should().BeEmpty("no viewer sees nothing");
    }
}
