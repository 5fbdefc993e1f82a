using AuditTrail.Conformance.Support;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class ExportTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _update;
    private Guid _delete;
    private Guid _failedLogin;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _update = await _app.SeedAsync(AuditActor.User("alice", "Alice"), "server.updated", AuditActionType.Update, new AuditResource("server", "web-01", "web-01"));
        _delete = await _app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete, new AuditResource("server", "db-02", "db-02"));
        _failedLogin = await _app.SeedAsync(AuditActor.Anonymous, AuditActions.LoginFailed, AuditActionType.Authentication, outcome: AuditOutcome.Failure);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("csv", "text/csv")]
    [InlineData("jsonl", "application/jsonl")]
    [InlineData("ocsf.jsonl", "application/jsonl")]
    public async Task Export_IsAnAttachmentNamedWithTheUtcTime(string extension, string mediaType)
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await _app.GetAsync($"/audit/api/export.{extension}", TestUser.Admin);

        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        var match = Regex.Match(disposition.FileName!.Trim('"'), $@"^audit-(\d{{8}}T\d{{6}})Z\.{extension}$");
        match.Success.Should().BeTrue(disposition.FileName);
        var stamp = DateTimeOffset.ParseExact(match.Groups[1].Value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        stamp.Should().BeOnOrAfter(before.AddSeconds(-1)).And.BeOnOrBefore(after);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("ocsf.jsonl")]
    public async Task Export_HoldsTheCountItsRecordSays_WithoutItsOwnRecord(string extension)
    {
        using var first = await _app.GetAsync($"/audit/api/export.{extension}", TestUser.Admin);
        using var response = await _app.GetAsync($"/audit/api/export.{extension}", TestUser.Admin);

        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = extension == "csv" ? lines.Length - 1 : lines.Length;
        var exports = (await _app.RecordsAsync()).Where(r => r.Action == AuditActions.AuditExported).OrderBy(r => r.OccurredAt).ToList();
        exports.Should().HaveCount(2);
        exports[1].Metadata["count"].Should().Be(rows.ToString(CultureInfo.InvariantCulture));
        lines.Should().Contain(line => line.Contains(exports[0].Id.ToString(), StringComparison.Ordinal), "the first export's record is in the second")
            .And.NotContain(line => line.Contains(exports[1].Id.ToString(), StringComparison.Ordinal), "an export holds what occurred before it started, not its own record");
    }

    [Fact]
    public async Task OcsfExport_IsOneOcsfEventPerRecord_WithTheRecordIdAsItsUid()
    {
        using var response = await _app.GetAsync("/audit/api/export.ocsf.jsonl?type=Authentication&type=Delete", TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToDictionary(e => e.GetProperty("metadata").GetProperty("uid").GetGuid());
        events.Keys.Should().BeEquivalentTo([_delete, _failedLogin]);
        events[_failedLogin].GetProperty("class_uid").GetInt32().Should().Be(3002);
        events[_failedLogin].GetProperty("type_uid").GetInt64().Should().Be(300201);
        events[_failedLogin].GetProperty("status").GetString().Should().Be("Failure");
        events[_delete].GetProperty("class_uid").GetInt32().Should().Be(3004);
        events[_delete].GetProperty("entity").GetProperty("uid").GetString().Should().Be("db-02");
    }

    [Theory]
    [InlineData("type=Delete", new[] { "delete" })]
    [InlineData("type=Update&type=Delete", new[] { "update", "delete" })]
    [InlineData("user=alice", new[] { "update" })]
    [InlineData("outcome=Failure", new[] { "login" })]
    [InlineData("q=db-02", new[] { "delete" })]
    [InlineData("resourceType=server&resourceId=web-01", new[] { "update" })]
    [InlineData("action=auth.login_failed", new[] { "login" })]
    public async Task Export_HonoursTheFilters(string query, string[] expected)
    {
        var expectedIds = expected.Select(name => name switch
        {
            "update" => _update,
            "delete" => _delete,
            _ => _failedLogin,
        }).ToList();

        using var csv = await _app.GetAsync("/audit/api/export.csv?" + query, TestUser.Admin);
        using var jsonl = await _app.GetAsync("/audit/api/export.jsonl?" + query, TestUser.Admin);

        var csvIds = Rfc4180.Records(await csv.Content.ReadAsStringAsync()).Select(row => Guid.Parse(row["Id"]));
        var jsonIds = (await jsonl.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetGuid());
        csvIds.Should().BeEquivalentTo(expectedIds);
        jsonIds.Should().BeEquivalentTo(expectedIds);
    }

    [Fact]
    public async Task Export_TimeRange_HonoursFromAndTo()
    {
        var logger = (IAuditLogger)_app.Services.GetService(typeof(IAuditLogger))!;
        var old = await logger.LogAsync(new AuditEvent
        {
            Action = "server.created",
            ActionType = AuditActionType.Create,
            Actor = AuditActor.User("alice", "Alice"),
            OccurredAt = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero),
        });

        using var inRange = await _app.GetAsync("/audit/api/export.csv?from=2024-03-01&to=2024-03-02", TestUser.Admin);
        using var outOfRange = await _app.GetAsync("/audit/api/export.csv?from=2024-03-02", TestUser.Admin);

        Rfc4180.Records(await inRange.Content.ReadAsStringAsync()).Select(row => Guid.Parse(row["Id"])).Should().Equal(old);
        Rfc4180.Records(await outOfRange.Content.ReadAsStringAsync()).Select(row => Guid.Parse(row["Id"])).Should().NotContain(old);
    }

    [Fact]
    public async Task List_PagesByCursorWithoutOverlap()
    {
        var first = await _app.GetJsonAsync("/audit/api/events?limit=2&type=Update&type=Delete&type=Authentication", TestUser.Admin);
        var cursor = first.GetProperty("nextCursor").GetString();
        cursor.Should().NotBeNull();
        var second = await _app.GetJsonAsync($"/audit/api/events?limit=2&type=Update&type=Delete&type=Authentication&cursor={Uri.EscapeDataString(cursor!)}", TestUser.Admin);

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(item => item.GetProperty("id").GetGuid()).ToList();
        ids.Should().BeEquivalentTo([_update, _delete, _failedLogin]);
        ids.Should().Equal([_failedLogin, _delete, _update], "the list is newest first");
        second.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task List_ItemsAreCamelCaseWithIsoUtcTimes()
    {
        var page = await _app.GetJsonAsync("/audit/api/events?user=alice", TestUser.Admin);

        var item = page.GetProperty("items")[0];
        item.GetProperty("actionType").GetString().Should().Be("Update");
        item.GetProperty("resource").GetProperty("name").GetString().Should().Be("web-01");
        var occurredAt = item.GetProperty("occurredAt").GetString()!;
        occurredAt.Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|\+00:00)$");
        DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture).Offset.Should().Be(TimeSpan.Zero);
    }
}
