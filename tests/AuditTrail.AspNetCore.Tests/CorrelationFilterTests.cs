using System.Net;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary><c>correlation=</c> on the list and the exports: the records of one request, as the viewer's details link asks.</summary>
public sealed class CorrelationFilterTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _first;
    private Guid _second;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        var logger = (IAuditLogger)_app.Services.GetService(typeof(IAuditLogger))!;
        _first = await logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create, Actor = AuditActor.User("alice", "Alice"), CorrelationId = "trace-1" });
        _second = await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("alice", "Alice"), CorrelationId = "trace-1" });
        await logger.LogAsync(new AuditEvent { Action = "server.deleted", ActionType = AuditActionType.Delete, Actor = AuditActor.User("alice", "Alice"), CorrelationId = "trace-2" });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_And_Export_HoldOnlyTheCorrelatedRecords_AndTheReadRecordsTheFilter()
    {
        var page = await _app.GetJsonAsync("/audit/api/events?correlation=trace-1", TestUser.Admin);
        using var jsonl = await _app.GetAsync("/audit/api/export.jsonl?correlation=trace-1", TestUser.Admin);

        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).Should().Equal(_second, _first);
        (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        var records = await _app.RecordsAsync();
        records.Should().Contain(record => record.Action == AuditActions.AuditQueried && record.Metadata.GetValueOrDefault("filter.correlation") == "trace-1");
        records.Should().Contain(record => record.Action == AuditActions.AuditExported && record.Metadata.GetValueOrDefault("filter.correlation") == "trace-1");
    }

    [Fact]
    public async Task BlankOrRepeatedCorrelation_IsABadRequestNamingIt()
    {
        using var blank = await _app.GetAsync("/audit/api/events?correlation=%20", TestUser.Admin);
        using var twice = await _app.GetAsync("/audit/api/events?correlation=a&correlation=b", TestUser.Admin);

        blank.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await blank.Content.ReadAsStringAsync()).Should().Contain("\"parameter\":\"correlation\"");
        twice.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
