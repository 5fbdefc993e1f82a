using System.Net;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class VerifyEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedAsync(AuditActor.User("alice", "Alice"), "server.updated", AuditActionType.Update);
        await _app.SeedAsync(AuditActor.User("bob", "Bob"), "server.deleted", AuditActionType.Delete);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Verify_Admin_GetsTheValidReport_AndTheRunIsRecorded()
    {
        var report = await _app.GetJsonAsync("/audit/api/verify", TestUser.Admin);

        report.GetProperty("valid").GetBoolean().Should().BeTrue();
        report.GetProperty("rowsVerified").GetInt64().Should().BeGreaterThanOrEqualTo(2);
        report.GetProperty("problem").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        var record = await _app.SingleRecordAsync(AuditActions.AuditVerified);
        record.Actor.Id.Should().Be(TestUser.Admin.Id);
        record.Metadata["valid"].Should().Be("true");
    }

    [Fact]
    public async Task Verify_NonAdmin_Gets403_AndTheAttemptIsRecordedAsAFailure()
    {
        using var response = await _app.GetAsync("/audit/api/verify", TestUser.Alice);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "only admins may verify");
        var refused = (await _app.RecordsAsync()).Single(r => r.Action == AuditActions.AuditVerified);
        refused.Outcome.Should().Be(AuditOutcome.Failure);
        refused.Actor.Id.Should().Be(TestUser.Alice.Id);
    }

    [Fact]
    public async Task Verify_Anonymous_Gets401()
    {
        using var response = await _app.GetAsync("/audit/api/verify");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_TenantAdmin_Gets403WithoutTheGlobalReport_AndTheAttemptIsRecorded()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim);
        var tenantAdmin = TestUser.Admin with { Tenant = "acme" };

        using var response = await app.GetAsync("/audit/api/verify", tenantAdmin);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the chain spans every tenant");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("rowsVerified").And.Contain("tenant");
        var refused = (await app.RecordsAsync()).Single(r => r.Action == AuditActions.AuditVerified);
        refused.Outcome.Should().Be(AuditOutcome.Failure);
        refused.FailureReason.Should().Contain("tenant admin");
    }
}
