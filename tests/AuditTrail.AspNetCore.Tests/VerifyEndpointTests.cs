using System.Net;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
        var records = await _app.RecordsAsync();
        records.Should().NotContain(r => r.Action == AuditActions.AuditVerified, "nothing was verified");
        var refused = records.Single(r => r.Action == AuditActions.AuditQueried);
        refused.Outcome.Should().Be(AuditOutcome.Failure);
        refused.ActionType.Should().Be(AuditActionType.Security);
        refused.FailureReason.Should().Be("not an admin");
        refused.Metadata["endpoint"].Should().Be("verify");
        refused.Actor.Id.Should().Be(TestUser.Alice.Id);
    }

    [Fact]
    public async Task Verify_ARefusal_IsNoFailedVerification_ForTheReview()
    {
        await using var app = await TestApp.StartAsync(options => options.Audit = audit => audit.AddReview());
        var start = DateTimeOffset.UtcNow;

        using var response = await app.GetAsync("/audit/api/verify", TestUser.Alice);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var review = await app.GetJsonAsync("/audit/api/review?from=" + Uri.EscapeDataString(start.AddMinutes(-1).ToString("O")), TestUser.Admin);
        review.GetProperty("findings").EnumerateArray().Should().NotContain(
            finding => finding.GetProperty("detector").GetString() == AuditDetectors.TrailGap,
            "a user refused the report raised no integrity alarm");
    }

    [Fact]
    public async Task Verify_AProblemFound_IsRecordedAsAFailedVerification_WhichTheReviewReportsAsCritical()
    {
        var problem = new AuditIntegrityProblem(AuditIntegrityProblemKind.ModifiedRow, 7, "row 7 was modified", Guid.NewGuid());
        await using var app = await TestApp.StartAsync(options =>
        {
            options.Audit = audit => audit.AddReview();
            options.Services = services => services.AddSingleton<IAuditVerifier>(new FixedVerifier(new AuditVerificationReport { Problem = problem, RowsVerified = 6 }));
        });
        var start = DateTimeOffset.UtcNow;

        var report = await app.GetJsonAsync("/audit/api/verify", TestUser.Admin);

        report.GetProperty("valid").GetBoolean().Should().BeFalse();
        var record = await app.SingleRecordAsync(AuditActions.AuditVerified);
        record.Outcome.Should().Be(AuditOutcome.Failure);
        record.FailureReason.Should().Be("ModifiedRow at row 7");
        record.Metadata["valid"].Should().Be("false");
        var review = await app.GetJsonAsync("/audit/api/review?from=" + Uri.EscapeDataString(start.AddMinutes(-1).ToString("O")), TestUser.Admin);
        var finding = review.GetProperty("findings").EnumerateArray().Should().ContainSingle(
            f => f.GetProperty("detector").GetString() == AuditDetectors.TrailGap).Subject;
        finding.GetProperty("severity").GetString().Should().Be("Critical");
        finding.GetProperty("summary").GetString().Should().EndWith(": ModifiedRow at row 7");
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
        var refused = (await app.RecordsAsync()).Single(r => r.Action == AuditActions.AuditQueried);
        refused.Outcome.Should().Be(AuditOutcome.Failure);
        refused.FailureReason.Should().Contain("tenant admin");
    }

    private sealed class FixedVerifier(AuditVerificationReport report) : IAuditVerifier
    {
        public Task<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default) => Task.FromResult(report);
    }
}
