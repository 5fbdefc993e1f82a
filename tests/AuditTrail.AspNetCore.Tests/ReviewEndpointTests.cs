using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Tests;

public sealed class ReviewEndpointTests
{
    private const string Period = "from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z";

    private readonly FakeAuditReview _review = new(
        FakeAuditReview.Finding("acme-1", AuditFindingSeverity.Critical, "12 failed logins for 'sarah', then a success", "acme"),
        FakeAuditReview.Finding("globex-1", AuditFindingSeverity.Low, "New browser | for 'bob'", "globex"));

    [Fact]
    public async Task Review_Admin_GetsTheFindingsAsJson_AndTheReviewIsRecorded()
    {
        await using var app = await StartAsync();

        var report = await app.GetJsonAsync("/audit/api/review?" + Period, TestUser.Admin);

        report.GetProperty("from").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        report.GetProperty("to").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        findings.Select(finding => finding.GetProperty("id").GetString()).Should().Equal("acme-1", "globex-1");
        findings[0].GetProperty("severity").GetString().Should().Be("Critical");
        findings[0].GetProperty("detector").GetString().Should().Be(AuditDetectors.BruteForce);
        var record = await app.SingleRecordAsync(AuditActions.AuditQueried);
        record.Actor.Id.Should().Be(TestUser.Admin.Id);
        record.Metadata["endpoint"].Should().Be("review");
        record.Metadata["findings"].Should().Be("2");
        record.Metadata["filter.from"].Should().Be("2026-11-23T00:00:00.0000000Z");
    }

    [Fact]
    public async Task Review_NoPeriod_ReviewsTheLastSevenDays()
    {
        await using var app = await StartAsync();
        var before = DateTimeOffset.UtcNow;

        await app.GetJsonAsync("/audit/api/review", TestUser.Admin);

        var call = _review.Calls.Should().ContainSingle().Subject;
        (call.To - call.From).Should().Be(TimeSpan.FromDays(7));
        call.To.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Review_OnlyFrom_ReviewsUpToNow()
    {
        await using var app = await StartAsync();

        await app.GetJsonAsync("/audit/api/review?from=2026-11-23", TestUser.Admin);

        var call = _review.Calls.Should().ContainSingle().Subject;
        call.From.Should().Be(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        call.To.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("from=2026-11-23&from=2026-11-24", "from")]
    [InlineData("from=2026-11-30&to=2026-11-23", "to")]
    [InlineData("from=2026-11-30T00:00:00Z&to=2026-11-30T00:00:00Z", "to")]
    [InlineData("form=2026-11-01", "form")]
    [InlineData("from=2026-11-01&user=u-bob", "user")]
    public async Task Review_BadPeriod_Gets400NamingTheParameter_AndReviewsNothing(string query, string parameter)
    {
        await using var app = await StartAsync();

        using var response = await app.GetAsync("/audit/api/review?" + query, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("parameter").GetString().Should().Be(parameter);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue();
        _review.Calls.Should().BeEmpty();
    }

    [Theory]
    [InlineData("/audit/api/review")]
    [InlineData("/audit/api/review.md")]
    [InlineData("/audit/api/review.csv")]
    public async Task Review_NonAdmin_Gets403_AndTheAttemptIsRecordedAsAFailure(string path)
    {
        await using var app = await StartAsync();

        using var response = await app.GetAsync(path, TestUser.Alice);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "only admins may review");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("sarah");
        _review.Calls.Should().BeEmpty();
        var refused = await app.SingleRecordAsync(AuditActions.AuditQueried);
        refused.Actor.Id.Should().Be(TestUser.Alice.Id);
        refused.Outcome.Should().Be(AuditOutcome.Failure);
        refused.ActionType.Should().Be(AuditActionType.Security);
        refused.FailureReason.Should().Be("not an admin");
    }

    [Fact]
    public async Task Review_Anonymous_Gets401()
    {
        await using var app = await StartAsync();

        using var response = await app.GetAsync("/audit/api/review");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _review.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task Review_TenantAdmin_GetsOnlyTheirTenantsFindings()
    {
        await using var app = await StartAsync(tenants: true);

        var report = await app.GetJsonAsync("/audit/api/review?" + Period, TestUser.Admin with { Tenant = "acme" });

        report.GetProperty("findings").EnumerateArray().Select(finding => finding.GetProperty("id").GetString()).Should().Equal("acme-1");
        var call = _review.Calls.Should().ContainSingle().Subject;
        call.Viewer.TenantId.Should().Be("acme", "the review is asked with the caller's tenant, which scopes it");
        call.Viewer.IsAdmin.Should().BeTrue();
        (await app.SingleRecordAsync(AuditActions.AuditQueried)).TenantId.Should().Be("acme");
    }

    [Fact]
    public async Task ReviewMarkdown_Admin_DownloadsTheDigest_RecordedAsAnExport()
    {
        await using var app = await StartAsync();

        using var response = await app.GetAsync("/audit/api/review.md?" + Period, TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/markdown; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileName.Should().Be("audit-review-20261123T000000Z-20261130T000000Z.md");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var markdown = await response.Content.ReadAsStringAsync();
        markdown.Should().StartWith("# Audit review 2026-11-23T00:00:00Z to 2026-11-30T00:00:00Z");
        markdown.Should().Contain("New browser \\| for 'bob'");
        var record = await app.SingleRecordAsync(AuditActions.AuditExported);
        record.Metadata["format"].Should().Be("md");
        record.Description.Should().Contain("as Markdown: 2 findings");
    }

    [Fact]
    public async Task ReviewCsv_TenantAdmin_DownloadsOnlyTheirTenantsFindings()
    {
        await using var app = await StartAsync(tenants: true);

        using var response = await app.GetAsync("/audit/api/review.csv?" + Period, TestUser.Admin with { Tenant = "globex" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/csv; charset=utf-8");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[1].Should().StartWith("\"Low\",\"brute_force\",").And.Contain("\"globex-1\"");
    }

    [Fact]
    public async Task Review_NotRegistered_Gets404_AndFacetsSayTheTabIsOff()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.GetAsync("/audit/api/review", TestUser.Admin);
        var facets = await app.GetJsonAsync("/audit/api/facets", TestUser.Admin);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("AddReview");
        facets.GetProperty("viewer").GetProperty("canReview").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Facets_CanReview_OnlyForAnAdminWithTheReviewRegistered()
    {
        await using var app = await StartAsync();

        var admin = await app.GetJsonAsync("/audit/api/facets", TestUser.Admin);
        var alice = await app.GetJsonAsync("/audit/api/facets", TestUser.Alice);

        admin.GetProperty("viewer").GetProperty("canReview").GetBoolean().Should().BeTrue();
        alice.GetProperty("viewer").GetProperty("canReview").GetBoolean().Should().BeFalse();
    }

    private Task<TestApp> StartAsync(bool tenants = false) => TestApp.StartAsync(options =>
    {
        options.Services = services => services.AddSingleton<IAuditReview>(_review);
        if (tenants)
        {
            options.AspNetCore = aspNetCore => aspNetCore.TenantClaimType = TestAuthHandler.TenantClaim;
        }
    });
}
