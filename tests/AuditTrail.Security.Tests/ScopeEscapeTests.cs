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

    public Task InitializeAsync() => StartAsync(includeRecordsAboutViewer: true);

    /// <summary>(Re)starts the host with the option, and seeds three of Bob's records and one of Alice's.</summary>
    private async Task StartAsync(bool includeRecordsAboutViewer)
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _host = await SecurityHost.StartAsync(audit: options => options.IncludeRecordsAboutViewer = includeRecordsAboutViewer);
        for (var i = 0; i < 3; i++)
        {
            _bobEvent = await _host.RecordThroughHostAsync(
                new HostEventRequest { Description = $"{BobMarker} {i}", ResourceType = "server", ResourceId = "srv-bob", ResourceName = BobMarker },
                Caller.Bob);
        }

        await _host.RecordThroughHostAsync(new HostEventRequest { Description = "alice's own change", ResourceType = "server", ResourceId = "srv-alice" }, Caller.Alice);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// Every parameter a reader takes, aimed at Bob, whether it names someone other than Alice as the actor, and each
    /// with the records about the viewer in her scope (the default) and without.
    /// </summary>
    public static TheoryData<string, bool, bool> HostileQueries
    {
        get
        {
            var data = new TheoryData<string, bool, bool>();
            foreach (var (query, namesAnotherUser) in Queries)
            {
                data.Add(query, namesAnotherUser, true);
                data.Add(query, namesAnotherUser, false);
            }

            return data;
        }
    }

    private static readonly (string Query, bool NamesAnotherUser)[] Queries =
    [
        ("", false),
        ("user=bob", true),
        ("user=bob&user=alice", true),
        ("user=root", true),
        ($"q={BobMarker}", false),
        ("q=bob", false),
        ("resourceId=srv-bob", false),
        ("resourceType=server", false),
        ("action=server.updated", false),
        ("type=Update", false),
        ("outcome=Success", false),
        ("from=2000-01-01&to=2999-01-01", false),
        ("ip=127.0.0.1", false),
        ("limit=1000", false),
        ("user=bob&q=%25", true),
        ("user=%2A", true),
        ("user=alice%27%20OR%20%271%27%3D%271", true),
        ("user=alice", false),
    ];

    private static readonly string[] ListAndExports = ["/audit/api/events", "/audit/api/export.csv", "/audit/api/export.jsonl"];

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task NonAdmin_EveryParameterOnEveryListAndExport_NeverReturnsAnotherUsersEntries(string query, bool namesAnotherUser, bool includeRecordsAboutViewer)
    {
        if (!includeRecordsAboutViewer)
        {
            await StartAsync(includeRecordsAboutViewer: false);
        }

        var before = (await _host.RecordsAsync()).Count;
        foreach (var path in ListAndExports)
        {
            using var response = await _host.GetAsync($"{path}?{query}", Caller.Alice);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            body.Should().NotContain(BobMarker, $"{path}?{query} is read by Alice").And.NotContain("srv-bob").And.NotContain("Bob Jones");
        }

        // One record per request: an authorization failure when the actor filter names someone else and Alice sees only
        // her own actions, else the read (with the records about her in scope, another actor's are hers to ask for).
        var all = await _host.RecordsAsync();
        var recorded = all.Take(all.Count - before).ToList();
        recorded.Should().HaveCount(ListAndExports.Length).And.OnlyContain(record => record.Actor.Id == "alice");
        if (namesAnotherUser && !includeRecordsAboutViewer)
        {
            recorded.Should().OnlyContain(record =>
                record.Action == AuditAspNetCoreActions.AuthorizationFailed
                && record.ActionType == AuditActionType.Security
                && record.Outcome == AuditOutcome.Failure
                && record.FailureReason == "filter outside the viewer's scope");
        }
        else
        {
            recorded.Should().OnlyContain(record => record.ActionType == AuditActionType.Access && record.Outcome == AuditOutcome.Success);
        }
    }

    [Fact]
    public async Task NonAdmin_ActorFilterNamingAnotherUser_IsAnsweredWithinTheScopeAndRecordedAsAnAuthorizationFailure()
    {
        // A viewer who sees only her own actions: naming anyone else asks for what she may not see.
        await StartAsync(includeRecordsAboutViewer: false);
        foreach (var path in ListAndExports)
        {
            // Bob exists and "nobody" does not: the answers are the same. Naming Bob next to Alice answers as naming
            // Alice alone. (type=Update leaves out the records of these requests themselves, which Alice may read.)
            var towardsBob = await BodyAsync($"{path}?type=Update&user=bob");
            var towardsNobody = await BodyAsync($"{path}?type=Update&user=nobody-at-all");
            var alongsideAlice = await BodyAsync($"{path}?type=Update&user=bob&user=alice");
            var aliceOnly = await BodyAsync($"{path}?type=Update&user=alice");

            towardsBob.Should().Be(towardsNobody, path).And.NotContain(BobMarker);
            alongsideAlice.Should().Be(aliceOnly, $"{path}: naming Bob too changes nothing in the answer");
            aliceOnly.Should().Contain("srv-alice");
        }

        // Each request that named someone else is one authorization failure, in place of its access record.
        var records = await _host.RecordsAsync();
        var failures = records.Where(record => record.Action == AuditAspNetCoreActions.AuthorizationFailed).ToList();
        failures.Should().HaveCount(3 * ListAndExports.Length);
        failures.Should().OnlyContain(record =>
            record.Actor.Id == "alice"
            && record.ActionType == AuditActionType.Security
            && record.Outcome == AuditOutcome.Failure
            && record.FailureReason == "filter outside the viewer's scope"
            && record.Resource!.Type == "audit_log"
            && record.Metadata["scope"] == "own"
            && record.Metadata["filter.user"] != "alice");
        failures.Select(record => record.Metadata["endpoint"]).Should().BeEquivalentTo(["events", "events", "events", "export", "export", "export", "export", "export", "export"]);
        failures.Where(record => record.Metadata["endpoint"] == "export").Select(record => record.Metadata["format"]).Should().BeEquivalentTo(["csv", "csv", "csv", "jsonl", "jsonl", "jsonl"]);
        records.Where(record => record.ActionType == AuditActionType.Access).Should().HaveCount(ListAndExports.Length, "only the user=alice requests were reads");

        // An export is recorded before its first byte: by the time its headers arrive, the failure is in the trail.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit/api/export.jsonl?user=bob");
        Caller.Alice.Apply(request);
        using var streaming = await _host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        (await _host.RecordsAsync()).Count(record => record.Action == AuditAspNetCoreActions.AuthorizationFailed).Should().Be(failures.Count + 1);
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
    public async Task NonAdmin_AnotherUsersIdAndAMissingId_LookAlikeAndAreBothRecordedAsAuthorizationFailures()
    {
        var missingId = Guid.CreateVersion7();
        using var other = await _host.GetAsync($"/audit/api/events/{_bobEvent}", Caller.Alice);
        using var missing = await _host.GetAsync($"/audit/api/events/{missingId}", Caller.Alice);

        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(other.StatusCode);
        missing.Content.Headers.ContentType.Should().Be(other.Content.Headers.ContentType);
        (await other.Content.ReadAsStringAsync()).Should().Be(await missing.Content.ReadAsStringAsync());

        // One authorization failure per lookup, and no read record for either.
        var records = await _host.RecordsAsync();
        records.Where(record => record.Action == AuditActions.AuditQueried && record.Resource?.Type == "audit_event").Should().BeEmpty();
        foreach (var id in new[] { _bobEvent, missingId })
        {
            var failure = records.Should().ContainSingle(record => record.Resource != null && record.Resource.Id == id.ToString("D")).Subject;
            failure.Action.Should().Be(AuditAspNetCoreActions.AuthorizationFailed);
            failure.ActionType.Should().Be(AuditActionType.Security);
            failure.Outcome.Should().Be(AuditOutcome.Failure);
            failure.FailureReason.Should().Be("record not visible to the viewer");
            failure.Resource!.Type.Should().Be("audit_event");
            failure.Actor.Id.Should().Be("alice");
            failure.Metadata.Should().Contain("scope", "own").And.Contain("endpoint", "event").And.NotContainKey("found");
        }

        // What Alice can read about her own probes is the same for both, apart from the id she typed and the request's
        // own id and time: her trail does not tell her that Bob's id exists.
        var page = JsonDocument.Parse(await _host.GetTextAsync("/audit/api/events?type=Security", Caller.Alice)).RootElement;
        var seen = page.GetProperty("items").EnumerateArray().ToList();
        seen.Should().HaveCount(2);
        Shape(seen.Single(item => item.GetRawText().Contains(_bobEvent.ToString("D"), StringComparison.Ordinal)), _bobEvent)
            .Should().Be(Shape(seen.Single(item => item.GetRawText().Contains(missingId.ToString("D"), StringComparison.Ordinal)), missingId));

        // An admin's lookup that finds nothing stays a read.
        using var adminMissing = await _host.GetAsync($"/audit/api/events/{Guid.CreateVersion7()}", Caller.Admin);
        adminMissing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var adminRecord = (await _host.RecordsAsync())[0];
        adminRecord.Action.Should().Be(AuditActions.AuditQueried);
        adminRecord.Metadata.Should().Contain("found", "false").And.Contain("scope", "all");
    }

    [Fact]
    public async Task NonAdmin_Facets_OfferOnlyThemselves()
    {
        var facets = JsonDocument.Parse(await _host.GetTextAsync("/audit/api/facets", Caller.Alice)).RootElement;

        facets.GetProperty("actors").EnumerateArray().Select(actor => actor.GetProperty("id").GetString()).Should().Equal("alice");
        facets.GetRawText().Should().NotContain("bob");
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

        var records = await _host.RecordsAsync();
        var failures = records.Where(record => record.Action == AuditAspNetCoreActions.AuthorizationFailed).ToList();
        failures.Should().HaveCount(3, "one record per refused request, even when its filter also names Bob");
        records.Where(record => record.Actor.Id == "alice" && record.ActionType == AuditActionType.Access).Should().BeEmpty("a refused request read nothing");
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
            [nameof(IAuditReader.QueryAsync), nameof(IAuditReader.GetAsync), nameof(IAuditReader.CountAsync), nameof(IAuditReader.GetCountAsync), nameof(IAuditReader.GetFacetsAsync), nameof(IAuditReader.StreamAsync), nameof(IAuditReader.ExportAsync)]);

        (await _host.Reader.QueryAsync(alice, towardsBob)).Items.Should().BeEmpty();
        (await _host.Reader.GetAsync(alice, _bobEvent)).Should().BeNull();
        (await _host.Reader.CountAsync(alice, towardsBob)).Should().Be(0);
        (await _host.Reader.CountAsync(alice, new AuditQuery())).Should().Be(1);
        (await _host.Reader.GetCountAsync(alice, towardsBob, new AuditCountOptions { AtMost = 1 })).Should().Be(new AuditCount(0, IsLowerBound: false));
        (await _host.Reader.GetCountAsync(alice, new AuditQuery(), new AuditCountOptions { AtMost = 1 })).Should().Be(new AuditCount(1, IsLowerBound: false));
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

    private async Task<string> BodyAsync(string url)
    {
        using var response = await _host.GetAsync(url, Caller.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A record as the API shows it, without what differs between any two requests (ids, times, correlation), and with the id that was looked up replaced.</summary>
    private static string Shape(JsonElement item, Guid lookedUp)
    {
        var fields = item.EnumerateObject()
            .Where(field => field.Name is not ("id" or "occurredAt" or "recordedAt" or "correlationId"))
            .Select(field => $"{field.Name}={field.Value.GetRawText()}");
        return string.Join('\n', fields).Replace(lookedUp.ToString("D"), "{looked-up id}", StringComparison.Ordinal);
    }
}
