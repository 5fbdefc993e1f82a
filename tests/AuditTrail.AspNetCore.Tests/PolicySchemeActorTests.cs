using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// The actor and tenant are those of the user the request acts as when the event is logged, also when that user is
/// authenticated after UseAuditTrail(): by an authorization policy's own scheme, or by endpoint code.
/// </summary>
public sealed class PolicySchemeActorTests
{
    private const string ApiKeyScheme = "ApiKey";
    private const string ApiKeyHeader = "X-Api-Key";
    private const string TenantClaim = "tenant";

    [Fact]
    public async Task HostEvent_OnAnEndpointWhosePolicyAuthenticatesItsOwnScheme_IsRecordedAsThatSchemesUserAndTenant()
    {
        await using var app = await StartAsync();

        using var response = await app.PostAsync("/api/servers/web-01", configure: request => request.Headers.Add(ApiKeyHeader, "key-7"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var record = await app.SingleRecordAsync("server.created");
        record.Actor.Should().Be(new AuditActor("key-7", "CI key", AuditActorType.ApiKey));
        record.TenantId.Should().Be("acme");
    }

    [Fact]
    public async Task AuthorizationFailure_OnAnEndpointWhosePolicyAuthenticatesItsOwnScheme_IsRecordedAsThatSchemesUser()
    {
        await using var app = await StartAsync();

        using var response = await app.PostAsync("/api/admin", configure: request => request.Headers.Add(ApiKeyHeader, "key-7"));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var record = await app.SingleRecordAsync(AuditAspNetCoreActions.AuthorizationFailed);
        record.Actor.Should().Be(new AuditActor("key-7", "CI key", AuditActorType.ApiKey));
        record.TenantId.Should().Be("acme");
    }

    [Fact]
    public async Task HostEvent_AfterEndpointCodeAuthenticatesTheUser_IsRecordedAsThatUser_AndAnExplicitScopeStillWins()
    {
        await using var app = await StartAsync();

        using var response = await app.PostAsync("/manual/web-02", configure: request => request.Headers.Add(ApiKeyHeader, "key-7"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var records = await app.RecordsAsync();
        records.Should().ContainSingle(r => r.Action == "server.updated").Which.Actor.Should().Be(new AuditActor("key-7", "CI key", AuditActorType.ApiKey));
        records.Should().ContainSingle(r => r.Action == "server.deleted").Which.Actor.Should().Be(AuditActor.System);
    }

    [Fact]
    public async Task HostEvent_OfTheDefaultSchemesUser_IsStillRecordedAsThatUser()
    {
        await using var app = await StartAsync();

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice with { Tenant = "globex" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var record = await app.SingleRecordAsync("server.updated");
        record.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
        record.TenantId.Should().Be("globex");
    }

    [Fact]
    public async Task HostEvent_LoggedByWorkTheRequestLeftRunning_KeepsTheRequestsUser_AndNeverReadsTheFinishedHttpContext()
    {
        var logged = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await StartAsync(endpoints => endpoints.MapPost("/background/{id}", (string id, HttpContext http, IAuditLogger audit) =>
        {
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            http.Response.OnCompleted(() =>
            {
                finished.SetResult();
                return Task.CompletedTask;
            });
            _ = Task.Run(async () =>
            {
                try
                {
                    // By now the HttpContext is finished: reading its user would throw, or see the next request's.
                    await finished.Task;
                    logged.SetResult(await audit.CreatedAsync(new AuditResource("server", id, id), "after the response"));
                }
                catch (Exception exception)
                {
                    logged.SetException(exception);
                }
            });
            return "accepted";
        }));

        using var response = await app.PostAsync("/background/web-03", TestUser.Alice);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("accepted");
        var id = await logged.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var record = await app.SingleRecordAsync("server.created");
        record.Id.Should().Be(id);
        record.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
    }

    private static Task<TestApp> StartAsync(Action<WebApplication>? moreEndpoints = null) => TestApp.StartAsync(options =>
    {
        options.AspNetCore = aspNetCore =>
        {
            aspNetCore.TenantClaimType = TenantClaim;
            aspNetCore.RecordAuthorizationFailures = true;
            aspNetCore.ActorTypesByAuthenticationType[ApiKeyScheme] = AuditActorType.ApiKey;
        };
        options.Services = services => services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);
        options.Endpoints = app =>
        {
            app.MapPost("/api/servers/{id}", (string id, IAuditLogger audit) => audit.CreatedAsync(new AuditResource("server", id, id), $"Added server {id}"))
                .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyScheme).RequireAuthenticatedUser());
            app.MapPost("/api/admin", () => "ok")
                .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyScheme).RequireRole("Admin"));
            app.MapPost("/manual/{id}", async (string id, HttpContext http, IAuditLogger audit, IAuditContextAccessor context) =>
            {
                var result = await http.AuthenticateAsync(ApiKeyScheme);
                http.User = result.Principal!;
                await audit.UpdatedAsync(new AuditResource("server", id, id), [new AuditFieldChange("load_multiplier", "1.0", "1.5")]);
                using (context.BeginSystemScope())
                {
                    await audit.DeletedAsync(new AuditResource("server", id, id));
                }

                return "ok";
            });
            moreEndpoints?.Invoke(app);
        };
    });

    /// <summary>Authenticates an API key from <c>X-Api-Key</c>, as a scheme that is not the default one.</summary>
    private sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(ApiKeyHeader, out var key))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, key.ToString()), new Claim(ClaimTypes.Name, "CI key"), new Claim(TenantClaim, "acme")],
                ApiKeyScheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyScheme)));
        }
    }
}
