using System.Net;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class AccessRecordingTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/audit/api/events", AuditActions.AuditQueried, "events")]
    [InlineData("/audit/api/facets", AuditActions.AuditQueried, "facets")]
    [InlineData("/audit/api/export.csv", AuditActions.AuditExported, "export")]
    [InlineData("/audit/api/export.jsonl", AuditActions.AuditExported, "export")]
    public async Task EachApiRead_IsRecordedExactlyOnceAsAccess(string url, string action, string endpoint)
    {
        await _app.GetAsync(url, TestUser.Alice, request => request.Headers.Add(TestApp.PeerHeader, "192.0.2.44"));

        var records = await _app.RecordsAsync();
        var record = records.Should().ContainSingle().Subject;
        record.Action.Should().Be(action);
        record.ActionType.Should().Be(AuditActionType.Access);
        record.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
        record.SourceIp.Should().Be("192.0.2.44");
        record.Metadata.Should().Contain("endpoint", endpoint).And.Contain("scope", "own");
    }

    [Fact]
    public async Task ReadingTheAccessRecords_AddsOneRecordPerRequest()
    {
        for (var request = 1; request <= 3; request++)
        {
            var page = await _app.GetJsonAsync("/audit/api/events?type=Access", TestUser.Admin);

            // Each page holds the records of the earlier requests, none about itself.
            page.GetProperty("items").GetArrayLength().Should().Be(request - 1);
            (await _app.RecordsAsync()).Should().HaveCount(request);
        }
    }

    [Fact]
    public async Task QueryRecord_CarriesTheFilterAndTheCount()
    {
        await _app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);

        await _app.GetAsync("/audit/api/events?type=Delete&user=bob&q=db&outcome=success&from=2020-01-01T00:00:00Z&limit=10", TestUser.Admin);

        var record = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        record.Metadata.Should().Contain(new Dictionary<string, string>
        {
            ["filter.type"] = "Delete",
            ["filter.user"] = "bob",
            ["filter.q"] = "db",
            ["filter.outcome"] = "Success",
            ["filter.from"] = "2020-01-01T00:00:00.0000000Z",
            ["limit"] = "10",
            ["scope"] = "all",
            ["page"] = "first",
        });
        record.Metadata.Should().ContainKey("records");
    }

    [Fact]
    public async Task QueryRecord_OfOneRecord_SaysRecordInTheSingular()
    {
        await _app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);

        await _app.GetAsync("/audit/api/events?type=Delete", TestUser.Admin);

        (await _app.SingleRecordAsync(AuditActions.AuditQueried)).Description.Should().Be("Viewed 1 audit record");
    }

    [Fact]
    public async Task ExportRecord_CarriesTheFilterAndTheFormat()
    {
        await _app.GetAsync("/audit/api/export.jsonl?type=Security&resourceType=api_key", TestUser.Admin);

        var record = await _app.SingleRecordAsync(AuditActions.AuditExported);
        record.Metadata.Should().Contain("filter.type", "Security")
            .And.Contain("filter.resourceType", "api_key")
            .And.Contain("format", "jsonl");
    }

    [Fact]
    public async Task ExportRecord_CountsTheRecordsTheExportHolds_SoTheReviewCanTellABulkExport()
    {
        for (var i = 0; i < 3; i++)
        {
            await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.updated", AuditActionType.Update);
        }

        await _app.SeedAsync(AuditActor.User("bob", "Bob"), "api_key.created", AuditActionType.Security);

        await _app.GetAsync("/audit/api/export.csv?type=Update", TestUser.Admin);

        (await _app.SingleRecordAsync(AuditActions.AuditExported)).Metadata.Should().Contain("count", "3");
    }

    [Fact]
    public async Task GetRecord_OwnRecord_IsRecordedOnceAsAccessNamingTheRecord()
    {
        var id = await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.updated", AuditActionType.Update);

        using var response = await _app.GetAsync($"/audit/api/events/{id}", TestUser.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        var record = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        record.ActionType.Should().Be(AuditActionType.Access);
        record.Resource.Should().Be(new AuditResource("audit_event", id.ToString(), null));
        record.Metadata.Should().Contain("endpoint", "event").And.Contain("scope", "own").And.Contain("found", "true");
    }

    [Fact]
    public async Task GetRecord_AdminMissingId_IsRecordedAsAccessNotFound()
    {
        var id = Guid.CreateVersion7();

        using var response = await _app.GetAsync($"/audit/api/events/{id}", TestUser.Admin);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var record = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        record.Resource!.Id.Should().Be(id.ToString());
        record.Metadata.Should().Contain("found", "false").And.Contain("scope", "all");
    }

    [Fact]
    public async Task GetRecord_NonAdminMissingId_IsRecordedAsAnAuthorizationFailureInsteadOfAccess()
    {
        var id = Guid.CreateVersion7();

        using var response = await _app.GetAsync($"/audit/api/events/{id}", TestUser.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);

        var record = (await _app.RecordsAsync()).Should().ContainSingle().Subject;
        record.Action.Should().Be(AuditAspNetCoreActions.AuthorizationFailed);
        record.ActionType.Should().Be(AuditActionType.Security);
        record.Outcome.Should().Be(AuditOutcome.Failure);
        record.FailureReason.Should().Be("record not visible to the viewer");
        record.Resource.Should().Be(new AuditResource("audit_event", id.ToString(), null));
        record.Metadata.Should().Contain("endpoint", "event").And.Contain("scope", "own").And.Contain("status", "404").And.NotContainKey("found");
    }

    [Fact]
    public async Task ListAndExport_NonAdminNamingAnotherUser_AreRecordedOnceEachAsAnAuthorizationFailureWithTheFilter()
    {
        // Only a viewer limited to their own actions has nothing to find under another user's name.
        await _app.DisposeAsync();
        _app = await TestApp.StartAsync(options => options.Trail = trail => trail.IncludeRecordsAboutViewer = false);
        await _app.GetAsync("/audit/api/events?user=bob&limit=5", TestUser.Alice);
        await _app.GetAsync("/audit/api/export.csv?user=bob", TestUser.Alice);

        var records = await _app.RecordsAsync();
        records.Should().HaveCount(2).And.OnlyContain(record =>
            record.Action == AuditAspNetCoreActions.AuthorizationFailed
            && record.ActionType == AuditActionType.Security
            && record.Outcome == AuditOutcome.Failure
            && record.FailureReason == "filter outside the viewer's scope"
            && record.Metadata["filter.user"] == "bob"
            && record.Metadata["scope"] == "own");
        records.Single(record => record.Metadata["endpoint"] == "events").Metadata.Should().Contain("limit", "5").And.Contain("records", "0");
        records.Single(record => record.Metadata["endpoint"] == "export").Metadata.Should().Contain("format", "csv");
    }

    [Fact]
    public async Task ListAndExport_NonAdminNamingAnotherUser_WhoseRecordsAboutThemTheySee_AreReads()
    {
        await _app.GetAsync("/audit/api/events?user=bob", TestUser.Alice);
        await _app.GetAsync("/audit/api/export.csv?user=bob", TestUser.Alice);

        (await _app.RecordsAsync()).Select(record => record.Action).Should().BeEquivalentTo([AuditActions.AuditQueried, AuditActions.AuditExported]);
    }

    [Fact]
    public async Task ListAndExport_AdminNamingAnotherUser_AreReads()
    {
        await _app.GetAsync("/audit/api/events?user=bob", TestUser.Admin);
        await _app.GetAsync("/audit/api/export.csv?user=bob", TestUser.Admin);

        (await _app.RecordsAsync()).Select(record => record.Action).Should().BeEquivalentTo([AuditActions.AuditQueried, AuditActions.AuditExported]);
    }

    [Fact]
    public async Task ViewerPageAndAssets_AreNotRecorded()
    {
        await _app.GetAsync("/audit", TestUser.Alice);
        await _app.GetAsync("/audit/assets/viewer.js", TestUser.Alice);

        (await _app.RecordsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AnonymousReads_AreNotRecorded()
    {
        await _app.GetAsync("/audit/api/events");

        (await _app.RecordsAsync()).Should().BeEmpty();
    }
}
