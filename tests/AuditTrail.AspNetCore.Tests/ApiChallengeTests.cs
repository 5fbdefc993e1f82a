using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// The README's setup: cookie authentication as the default scheme and <c>RequireAuthorization()</c> on the audit
/// routes. A cookie challenge redirects to a login page; the JSON API answers 401 or 403 with problem details
/// instead, whether the adapter is registered before or after authorization; the viewer page and the host's own
/// endpoints still redirect.
/// </summary>
public sealed class ApiChallengeTests : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-aspnetcore-tests", Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnonymousApiRequest_WithACookieChallenge_Answers401ProblemDetails_NotARedirect(bool auditTrailAfterAuthorization)
    {
        var client = await StartAsync(auditTrailAfterAuthorization);
        foreach (var route in new[] { "/audit/api/events", "/audit/api/facets", "/audit/api/count", "/audit/api/export.csv", "/audit/api/verify", $"/audit/api/events/{Guid.NewGuid()}" })
        {
            using var response = await client.GetAsync(route);
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            response.Headers.Location.Should().BeNull();
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("status").GetInt32().Should().Be(401);
        }
    }

    [Fact]
    public async Task SignedInUserFailingThePolicy_Answers403ProblemDetails_NotARedirect()
    {
        var client = await StartAsync(auditTrailAfterAuthorization: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit/api/events");
        request.Headers.Add(TestAuthHandler.UserHeader, "mike");
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Headers.Location.Should().BeNull();
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be(403);
    }

    [Fact]
    public async Task ViewerPageAndHostEndpoints_StillRedirectToSignIn()
    {
        var client = await StartAsync(auditTrailAfterAuthorization: false);

        using var page = await client.GetAsync("/audit");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login");

        using var host = await client.GetAsync("/private");
        host.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task AuditorPassingThePolicy_ReadsTheApi()
    {
        var client = await StartAsync(auditTrailAfterAuthorization: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/audit/api/events");
        request.Headers.Add(TestAuthHandler.UserHeader, "anna");
        request.Headers.Add(TestAuthHandler.RolesHeader, "Auditor");
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RecordAuthorizationFailures_ASignedInUserRefusedWithARedirect_IsRecordedAsThe403ItStandsFor(bool auditTrailAfterAuthorization)
    {
        var client = await StartAsync(auditTrailAfterAuthorization, recordAuthorizationFailures: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auditors-only?token=secret-value");
        request.Headers.Add(TestAuthHandler.UserHeader, "mike");
        using var response = await client.SendAsync(request);
        using var anonymous = await client.GetAsync("/private");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the cookie scheme answers a refusal with its access-denied page");
        response.Headers.Location!.ToString().Should().Contain("/denied");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var refusals = await RecordsAsync(AuditAspNetCoreActions.AuthorizationFailed);
        var record = refusals.Should().ContainSingle("the refused user is recorded once; a redirect to sign in is not a refusal").Subject;
        record.Actor.Id.Should().Be("mike");
        record.FailureReason.Should().Be("403 Forbidden");
        record.Resource!.Id.Should().Be("/auditors-only");
        record.Metadata.Should().Contain("status", "403").And.Contain("answered", "302").And.Contain("method", "POST");
        record.Metadata.Values.Should().NotContain(value => value.Contains("secret-value"));
    }

    [Fact]
    public async Task RecordAuthorizationFailuresOff_ARefusalWithARedirect_IsNotRecorded()
    {
        var client = await StartAsync(auditTrailAfterAuthorization: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auditors-only");
        request.Headers.Add(TestAuthHandler.UserHeader, "mike");
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await RecordsAsync(AuditAspNetCoreActions.AuthorizationFailed)).Should().BeEmpty();
    }

    private async Task<List<AuditRecord>> RecordsAsync(string action)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in _app!.Services.GetRequiredService<IAuditReader>().StreamAsync(AuditViewer.Admin("inspector"), new AuditQuery { Actions = [action] }))
        {
            records.Add(record);
        }

        return records;
    }

    private async Task<HttpClient> StartAsync(bool auditTrailAfterAuthorization, bool recordAuthorizationFailures = false)
    {
        Directory.CreateDirectory(_directory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();

        void AddAudit() => builder.Services.AddAuditTrail().UseSqlite(Path.Combine(_directory, "audit.db"))
            .AddAspNetCore(options => options.RecordAuthorizationFailures = recordAuthorizationFailures);
        if (!auditTrailAfterAuthorization)
        {
            AddAudit();
        }

        // Requests authenticate by the test header; challenges and refusals go to the cookie scheme, which redirects.
        builder.Services
            .AddAuthentication(authentication =>
            {
                authentication.DefaultAuthenticateScheme = TestAuthHandler.SchemeName;
                authentication.DefaultChallengeScheme = "Cookies";
                authentication.DefaultForbidScheme = "Cookies";
            })
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null)
            .AddCookie("Cookies", cookie =>
            {
                cookie.LoginPath = "/login";
                cookie.AccessDeniedPath = "/denied";
            });
        builder.Services.AddAuthorization(authorization => authorization.AddPolicy("Auditors", policy => policy.RequireRole("Auditor")));
        if (auditTrailAfterAuthorization)
        {
            AddAudit();
        }

        _app = builder.Build();
        _app.UseRouting();
        _app.UseAuthentication();
        _app.UseAuditTrail();
        _app.UseAuthorization();
        _app.MapAuditTrail("/audit").RequireAuthorization("Auditors");
        _app.MapGet("/private", () => "secret").RequireAuthorization();
        _app.MapPost("/auditors-only", () => "done").RequireAuthorization("Auditors");
        await _app.StartAsync();
        return _app.GetTestClient();
    }
}
