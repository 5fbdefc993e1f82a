using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.AspNetCore.Tests.Support;

/// <summary>How a <see cref="TestApp"/> is put together.</summary>
internal sealed class TestAppOptions
{
    public Action<AuditTrailAspNetCoreOptions> AspNetCore { get; set; } = _ => { };

    public Action<AuditTrailOptions> Trail { get; set; } = _ => { };

    /// <summary>Adds to the audit trail's registration, for example <c>AddReview()</c>.</summary>
    public Action<IAuditTrailBuilder> Audit { get; set; } = _ => { };

    /// <summary>Registers more services after the audit trail's, for example a fake <see cref="IAuditReview"/>.</summary>
    public Action<IServiceCollection> Services { get; set; } = _ => { };

    /// <summary>Adds a logger that is always enabled, which makes ASP.NET Core hosting start an <see cref="Activity"/> per request.</summary>
    public bool HostingDiagnostics { get; set; }

    public string? PathBase { get; set; }

    /// <summary>Maps more host endpoints, after the app's own.</summary>
    public Action<WebApplication> Endpoints { get; set; } = _ => { };

    /// <summary>Registers the audit trail after authentication instead of before it.</summary>
    public bool AddAuditTrailAfterAuthentication { get; set; }

    /// <summary>Changes the forwarded-headers options, which trust <see cref="TestApp.TrustedProxy"/> alone.</summary>
    public Action<ForwardedHeadersOptions> Forwarded { get; set; } = _ => { };
}

/// <summary>
/// A real ASP.NET Core app on TestServer with a real SQLite audit store in a temp file: the test authentication
/// scheme (headers), cookies, ForwardedHeaders trusting <see cref="TrustedProxy"/>, the audit middleware and API,
/// and a few host endpoints that record events, sign in and sign out.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    public const string PeerHeader = "X-Test-Peer";
    public const string UnverifiedUserHeader = "X-Unverified-User";
    public const string UnverifiedRolesHeader = "X-Unverified-Roles";
    public const string CookieScheme = "Cookies";
    public const string ExternalScheme = "Identity.External";
    public const string AdminOnlyPolicy = "AdminOnly";
    public const string AuditAdminPolicy = "AuditAdmins";

    public static readonly IPAddress TrustedProxy = IPAddress.Parse("10.0.0.5");

    private readonly WebApplication _app;
    private readonly string _directory;

    private TestApp(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(Action<TestAppOptions>? configure = null)
    {
        var options = new TestAppOptions();
        configure?.Invoke(options);

        var directory = Path.Combine(Path.GetTempPath(), "audittrail-aspnetcore-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (options.HostingDiagnostics)
        {
            builder.Logging.AddProvider(new DiscardingLoggerProvider());
        }

        void AddAudit() => options.Audit(builder.Services.AddAuditTrail(options.Trail)
            .UseSqlite(Path.Combine(directory, "audit.db"))
            .AddAspNetCore(options.AspNetCore));

        if (!options.AddAuditTrailAfterAuthentication)
        {
            AddAudit();
        }

        builder.Services
            .AddAuthentication(authentication =>
            {
                authentication.DefaultScheme = "Smart";
                authentication.DefaultSignInScheme = CookieScheme;
            })
            .AddPolicyScheme("Smart", null, policy => policy.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(TestAuthHandler.UserHeader)
                || context.Request.Headers.ContainsKey(TestAuthHandler.ClaimsHeader)
                    ? TestAuthHandler.SchemeName
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, null)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddCookie(ExternalScheme);
        builder.Services.AddAuthorization(authorization =>
        {
            authorization.AddPolicy(AdminOnlyPolicy, policy => policy.RequireRole("Admin"));
            authorization.AddPolicy(AuditAdminPolicy, policy => policy.RequireClaim("audit_admin", "true"));
        });

        if (options.AddAuditTrailAfterAuthentication)
        {
            AddAudit();
        }

        options.Services(builder.Services);

        var app = builder.Build();
        if (options.PathBase is not null)
        {
            app.UsePathBase(options.PathBase);
        }

        // TestServer has no real peer: this stands in for the connection's remote address.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
            }

            return next(context);
        });

        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Add(TrustedProxy);
        options.Forwarded(forwarded);
        app.UseForwardedHeaders(forwarded);

        app.UseRouting();
        app.UseAuthentication();

        // Claims that no authentication scheme vouched for: the audit trail must not believe them.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(UnverifiedUserHeader, out var claimed))
            {
                context.User.AddIdentity(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, claimed.ToString())]));
            }

            if (context.Request.Headers.TryGetValue(UnverifiedRolesHeader, out var roles))
            {
                context.User.AddIdentity(new ClaimsIdentity(roles.ToString().Split(',').Select(role => new Claim(ClaimTypes.Role, role))));
            }

            return next(context);
        });

        app.UseAuditTrail();
        app.UseAuthorization();
        app.MapAuditTrail("/audit");
        MapHostEndpoints(app);
        options.Endpoints(app);

        await app.StartAsync();
        return new TestApp(app, directory);
    }

    public Task<HttpResponseMessage> GetAsync(string url, TestUser? user = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Get, url, user, configure);

    public Task<HttpResponseMessage> PostAsync(string url, TestUser? user = null, Action<HttpRequestMessage>? configure = null) =>
        SendAsync(HttpMethod.Post, url, user, configure);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, TestUser? user = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url);
        user?.Apply(request);
        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public async Task<JsonElement> GetJsonAsync(string url, TestUser user)
    {
        using var response = await GetAsync(url, user);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Records an event as <paramref name="actor"/>, bypassing HTTP.</summary>
    public Task<Guid> SeedAsync(AuditActor actor, string action, AuditActionType type, AuditResource? resource = null, AuditOutcome outcome = AuditOutcome.Success) =>
        Services.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = action,
            ActionType = type,
            Actor = actor,
            Resource = resource,
            Outcome = outcome,
            FailureReason = outcome == AuditOutcome.Failure ? "denied" : null,
        });

    /// <summary>
    /// Every stored record, newest first, read as an admin, except the pipeline's own lifecycle events
    /// (<see cref="AuditActions.AuditStarted"/> when the app starts): these tests count what requests record.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>> RecordsAsync()
    {
        var records = new List<AuditRecord>();
        var reader = Services.GetRequiredService<IAuditReader>();
        await foreach (var record in reader.StreamAsync(AuditViewer.Admin("test-inspector"), new AuditQuery()))
        {
            if (record.Action is not (AuditActions.AuditStarted or AuditActions.AuditStopped))
            {
                records.Add(record);
            }
        }

        return records;
    }

    public async Task<AuditRecord> SingleRecordAsync(string action) =>
        (await RecordsAsync()).Should().ContainSingle(record => record.Action == action).Subject;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind does not make a test wrong.
        }
    }

    private static void MapHostEndpoints(WebApplication app)
    {
        // A host endpoint that records an event without passing any request details.
        app.MapPost("/servers/{id}", async (string id, IAuditLogger logger, HttpContext context) =>
        {
            var eventId = await logger.LogAsync(new AuditEvent
            {
                Action = AuditActions.Updated("server"),
                ActionType = AuditActionType.Update,
                Resource = new AuditResource("server", id, id),
                Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5")],
            });
            return Results.Json(new HostEndpointResponse(eventId, context.TraceIdentifier, Activity.Current?.TraceId.ToHexString()));
        });

        app.MapPost("/login/{user}", async (string user, string? scheme, bool? withoutId, HttpContext context) =>
        {
            var identity = new ClaimsIdentity(
                withoutId == true
                    ? [new Claim(ClaimTypes.Name, user.ToUpperInvariant())]
                    : [new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user.ToUpperInvariant())],
                scheme ?? CookieScheme);
            if (scheme is null)
            {
                await context.SignInAsync(new ClaimsPrincipal(identity));
            }
            else
            {
                await context.SignInAsync(scheme, new ClaimsPrincipal(identity));
            }

            return Results.Ok();
        });

        app.MapPost("/logout", async (string? scheme, HttpContext context) =>
        {
            await context.SignOutAsync(scheme ?? CookieScheme);
            return Results.Ok();
        });

        app.MapGet("/admin-only", () => "ok").RequireAuthorization(AdminOnlyPolicy);
    }

    private sealed class DiscardingLoggerProvider : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new DiscardingLogger();

        public void Dispose()
        {
        }

        private sealed class DiscardingLogger : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }
}

/// <summary>What the host endpoint /servers/{id} answers.</summary>
internal sealed record HostEndpointResponse(Guid EventId, string TraceIdentifier, string? ActivityTraceId);
