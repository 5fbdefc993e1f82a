using System.Net;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary><c>targetUser=</c> on the list, the exports and the histogram: the records about one person, whoever acted.</summary>
public sealed class TargetUserFilterTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _aboutAlice;
    private Guid _aliceAboutBob;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        var logger = (IAuditLogger)_app.Services.GetService(typeof(IAuditLogger))!;
        var admin = AuditActor.User("root", "Rita Admin");
        _aboutAlice = await logger.LogAsync(new AuditEvent { Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security, Actor = admin, TargetUser = new AuditTargetUser("alice", "Alice Smith") });
        await logger.LogAsync(new AuditEvent { Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security, Actor = admin, TargetUser = new AuditTargetUser("bob", "Bob Jones") });
        _aliceAboutBob = await logger.LogAsync(new AuditEvent { Action = "account.password_reset", ActionType = AuditActionType.Security, Actor = AuditActor.User("alice", "Alice Smith"), TargetUser = new AuditTargetUser("bob", "Bob Jones") });
        await logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create, Actor = AuditActor.User("alice", "Alice Smith") });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task List_Export_AndHistogram_HoldOnlyTheRecordsAboutThatUser_AndTheReadRecordsTheFilter()
    {
        var page = await _app.GetJsonAsync("/audit/api/events?targetUser=alice", TestUser.Admin);
        using var jsonl = await _app.GetAsync("/audit/api/export.jsonl?targetUser=alice", TestUser.Admin);
        var histogram = await _app.GetJsonAsync("/audit/api/histogram?targetUser=bob", TestUser.Admin);

        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).Should().Equal(_aboutAlice);
        (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle()
            .Which.Should().Contain(_aboutAlice.ToString("D"));
        histogram.GetProperty("total").GetInt64().Should().Be(2);
        var records = await _app.RecordsAsync();
        records.Should().Contain(record => record.Action == AuditActions.AuditQueried && record.Metadata.GetValueOrDefault("filter.targetUser") == "alice");
        records.Should().Contain(record => record.Action == AuditActions.AuditExported && record.Metadata.GetValueOrDefault("filter.targetUser") == "alice");
    }

    [Fact]
    public async Task RegularUser_FilteringByAnotherTargetUser_SeesOnlyTheirOwnRecordsAboutThem_AndIsNotRecordedAsOutsideScope()
    {
        var page = await _app.GetJsonAsync("/audit/api/events?targetUser=bob", TestUser.Alice);

        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).Should().Equal(_aliceAboutBob);
        (await _app.RecordsAsync()).Should().NotContain(record => record.Action == AuditAspNetCoreActions.AuthorizationFailed,
            "the filter only narrows Alice's own scope");
    }

    [Theory]
    [InlineData("targetUser=%20")]
    [InlineData("targetUser=a&targetUser=b")]
    public async Task BlankOrRepeatedTargetUser_IsABadRequestNamingIt(string query)
    {
        using var response = await _app.GetAsync("/audit/api/events?" + query, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"parameter\":\"targetUser\"");
    }

    [Fact]
    public async Task TargetUserLongerThanAnyStoredId_IsABadRequestNamingIt()
    {
        using var response = await _app.GetAsync("/audit/api/events?targetUser=" + new string('x', AuditLimits.ActorId + 1), TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"parameter\":\"targetUser\"");
    }
}
