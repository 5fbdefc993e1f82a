using System.Security.Claims;
using AuditTrail.Samples.WebApp.Background;
using AuditTrail.Samples.WebApp.Model;
using AuditTrail.Samples.WebApp.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuditTrail.Samples.WebApp;

/// <summary>
/// The server-monitoring console: cookie sign-in, pages for servers, alert rules, notification channels, users,
/// API keys and account security, every action recorded through AuditTrail, and the audit viewer at <c>/audit</c>.
/// </summary>
public static partial class MonitoringApp
{
    /// <summary>The configuration key of the audit database file; <c>--db &lt;path&gt;</c> on the command line.</summary>
    public const string DatabaseKey = "AuditTrail:Database";

    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal) { ["--db"] = DatabaseKey };

    /// <summary>Builds the app from command-line arguments (<c>--db</c>, <c>--urls</c>, any configuration key).</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The app, ready to start.</returns>
    public static WebApplication Create(string[] args) => Create(args, configureServices: null);

    /// <summary>As <see cref="Create(string[])"/>; the tests' <paramref name="configureServices"/> runs last (a clock of their own).</summary>
    internal static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, SwitchMappings);

        var databasePath = DatabasePath(builder.Configuration[DatabaseKey], builder.Environment);
        var forwardedHeaders = ReverseProxySettings.From(builder.Configuration);

        // Only the configured proxies count, also where the environment turns ASP.NET Core's forwarded headers on.
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options => ReverseProxySettings.ApplyTo(options, forwardedHeaders));
        builder.Services.AddSingleton<ConsoleState>();
        builder.Services
            .AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/forbidden";
                options.Cookie.Name = "monitoring.session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateSessionAsync,
                    OnRedirectToLogin = context => AnswerApiOrRedirect(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, StatusCodes.Status403Forbidden),
                };
            });
        builder.Services.AddAuthorization(options =>
        {
            // Every page needs a signed-in user unless it says otherwise (sign-in, the style sheet).
            options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            options.AddPolicy(UserEndpoints.AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        });
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "monitoring.antiforgery");

        // The console's admin role is the adapter's default admin role ("Admin"): admins read the whole trail,
        // everybody else their own actions.
        var audit = builder.Services.AddAuditTrail()
            .UseSqlite(databasePath)
            .AddAspNetCore(options =>
            {
                options.AdminRoles.Clear();
                options.AdminRoles.Add(Roles.Admin);

                // A user refused an admin page or form (the cookie scheme's redirect to /forbidden included) is recorded.
                options.RecordAuthorizationFailures = true;
            });

        // The review of the trail (the viewer's Review tab, api/review) and its continuous alerts: each new finding is
        // logged and recorded in the trail as review.finding. Changes are planned for working hours, 07:00 to 21:00 UTC
        // every day: a change outside them is a finding.
        audit.AddReview(ConfigureReview).AddReviewAlerts().AddReviewFindingsAsEvents();

        // Off by default: --Syslog:Host (and :Port, :Transport, :Payload, :TlsTrustedAuthorityFiles:0, :TlsClientCertificateFile, :RelpWindowSize, :MaxRelpMessageBytes) forwards the trail to a syslog receiver.
        if (SyslogSettings.IsConfigured(builder.Configuration))
        {
            audit.AddSyslogForwarder(options => SyslogSettings.Apply(builder.Configuration, options));
        }

        // After AddAuditTrail: hosted services start in order, and the store is ready by the time these run.
        builder.Services.AddHostedService<HistorySeeder>();
        builder.Services.AddHostedService<ApiKeyExpiryService>();

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        // The developer exception page echoes request headers, the HttpOnly session cookie included: only an explicit
        // Development environment (ASPNETCORE_ENVIRONMENT or --environment) shows it, never the default run.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(ErrorPage.Configure);
        }

        // The client address the audit trail records is the one forwarded headers leave on the connection,
        // so they are applied first, and only from the configured proxies.
        if (forwardedHeaders is not null)
        {
            app.UseForwardedHeaders(forwardedHeaders);
        }

        app.UseAuthentication();
        app.UseAuditTrail();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/app.css", Rendering.StyleSheet.WriteAsync).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/servers"));

        // The pages record with CancellationToken.None, never HttpContext.RequestAborted: once a change is made, a client
        // that hangs up must not cancel its record (LogAsync gives up an event it has not queued yet).
        var console = app.MapGroup(string.Empty).RequireAntiforgeryToken();
        console.MapSignIn();
        console.MapServers();
        console.MapAlertRules();
        console.MapChannels();
        console.MapUsers();
        console.MapApiKeys();
        console.MapAccount();
        app.MapAuditTrail("/audit").RequireAuthorization();

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var signInUrls = string.Join(", ", app.Urls.Select(url => url.TrimEnd('/') + "/login"));
            LogStarted(app.Logger, databasePath, signInUrls);
        });
        return app;
    }

    /// <summary>The console's maintenance windows: working hours, every day of the week.</summary>
    private static void ConfigureReview(AuditReviewOptions options)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(day, new TimeOnly(7, 0), TimeSpan.FromHours(14)));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit trail database: {Path}. Sign in at {SignInUrls} as john or sarah (admins) or mike (user), password 'demo'.")]
    private static partial void LogStarted(ILogger logger, string path, string signInUrls);

    /// <summary><c>--db</c> or <c>AuditTrail:Database</c> (relative to the current directory), else <c>data/audit.db</c> in the app's folder.</summary>
    private static string DatabasePath(string? configured, IWebHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "data", "audit.db")
            : Path.GetFullPath(configured);

    /// <summary>
    /// Every request re-checks the account behind the cookie: a deactivated account is signed out at once, and a
    /// changed role applies without signing in again.
    /// </summary>
    private static Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var state = context.HttpContext.RequestServices.GetRequiredService<ConsoleState>();
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = id is null ? null : state.FindUser(id);
        if (user is not { Active: true })
        {
            context.RejectPrincipal();
        }
        else if (!context.Principal!.IsInRole(user.Role) || context.Principal.Identity?.Name != user.DisplayName)
        {
            context.ReplacePrincipal(SignInEndpoints.Principal(user));
            context.ShouldRenew = true;
        }

        return Task.CompletedTask;
    }

    /// <summary>The audit API answers 401 or 403; pages redirect to the sign-in or "not allowed" page.</summary>
    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        if (context.Request.Path.StartsWithSegments("/audit/api"))
        {
            context.Response.StatusCode = statusCode;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
