using System.Net;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Tests;

/// <summary><c>api/review</c> over the real review (<c>AddReview()</c>) and a real store: findings scoped by tenant, evidence readable by id.</summary>
public sealed class ReviewEngineEndpointTests
{
    [Fact]
    public async Task Review_TenantAdmins_EachGetTheirTenantsBruteForce_AndItsEvidenceReadsBack()
    {
        await using var app = await TestApp.StartAsync(options =>
        {
            options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim;
            options.Audit = audit => audit.AddReview();
        });
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        await FailedLoginsAsync(app, "acme", "sarah", start, 10);
        await FailedLoginsAsync(app, "globex", "bob", start, 9);
        var acmeAdmin = TestUser.Admin with { Tenant = "acme" };

        var acme = await app.GetJsonAsync("/audit/api/review", acmeAdmin);
        var globex = await app.GetJsonAsync("/audit/api/review", TestUser.Admin with { Tenant = "globex" });

        var finding = acme.GetProperty("findings").EnumerateArray().Should().ContainSingle().Subject;
        finding.GetProperty("detector").GetString().Should().Be(AuditDetectors.BruteForce);
        finding.GetProperty("tenantId").GetString().Should().Be("acme");
        finding.GetProperty("summary").GetString().Should().StartWith("10 failed logins for 'sarah'");
        globex.GetProperty("findings").GetArrayLength().Should().Be(0, "9 failures are below the threshold of 10, and acme's are not globex's");

        var ids = finding.GetProperty("evidenceIds").EnumerateArray().Select(id => id.GetString()).ToList();
        ids.Should().HaveCount(10);
        var evidence = await app.GetJsonAsync("/audit/api/events?ids=" + string.Join(',', ids), acmeAdmin);
        evidence.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()).Should().BeEquivalentTo(ids);
        var foreign = await app.GetJsonAsync("/audit/api/events?ids=" + string.Join(',', ids), TestUser.Admin with { Tenant = "globex" });
        foreign.GetProperty("items").GetArrayLength().Should().Be(0, "another tenant's admin cannot read acme's evidence");
    }

    [Theory]
    [InlineData("to=0001-01-03")]
    [InlineData("from=0001-01-20&to=0001-02-01")]
    [InlineData("from=2026-12-01&to=9999-12-31T23:59:59Z")]
    public async Task Review_APeriodAtEitherEndOfTheCalendar_IsReviewed(string query)
    {
        await using var app = await TestApp.StartAsync(options => options.Audit = audit => audit.AddReview());

        using var admin = await app.GetAsync("/audit/api/review?" + query, TestUser.Admin);
        using var user = await app.GetAsync("/audit/api/review?" + query, TestUser.Alice);

        admin.StatusCode.Should().Be(HttpStatusCode.OK, await admin.Content.ReadAsStringAsync());
        user.StatusCode.Should().Be(HttpStatusCode.Forbidden, "only admins may review, whatever the period");
    }

    private static async Task FailedLoginsAsync(TestApp app, string tenant, string userName, DateTimeOffset start, int count)
    {
        var logger = app.Services.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < count; i++)
        {
            await logger.LogAsync(new AuditEvent
            {
                Action = AuditActions.LoginFailed,
                ActionType = AuditActionType.Authentication,
                Actor = AuditActor.Anonymous,
                Outcome = AuditOutcome.Failure,
                FailureReason = "invalid password",
                Resource = new AuditResource("user", null, userName),
                Metadata = new Dictionary<string, string> { ["attempted_user"] = userName },
                TenantId = tenant,
                OccurredAt = start.AddSeconds(10 * i),
                SourceIp = "203.0.113.7",
            });
        }
    }
}
