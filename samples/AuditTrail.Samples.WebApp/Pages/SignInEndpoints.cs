using System.Security.Claims;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>Sign-in, sign-out and the "not allowed" page.</summary>
internal static class SignInEndpoints
{
    /// <summary>What a failed sign-in shows, whatever the reason: it must not tell which user names exist.</summary>
    public const string FailedMessage = "Invalid user name or password.";

    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, string? returnUrl) =>
            http.User.Identity?.IsAuthenticated == true
                ? Results.LocalRedirect(SafeReturnUrl(returnUrl))
                : LoginPage(http, userName: string.Empty, returnUrl, error: null, StatusCodes.Status200OK))
            .AllowAnonymous();

        app.MapPost("/login", LoginAsync).AllowAnonymous();

        // Signing out through SignOutAsync is recorded by the adapter as auth.logout: nothing to log here.
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });

        // The cookie scheme's access-denied page. The refusal that led here was recorded (RecordAuthorizationFailures);
        // this page answers 200, as a 403 of its own would be recorded as a second refusal.
        app.MapGet("/forbidden", (HttpContext http) => Layout.Page(http, "Not allowed", Html($"""
            <h1>Not allowed</h1>
            <p>This page is for administrators. <a href="/servers">Back to the servers</a>.</p>
            """)));
    }

    /// <summary>The principal of a console account: id and name for the audit trail, role for authorization and the viewer.</summary>
    public static ClaimsPrincipal Principal(UserAccount user) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role),
            new Claim("username", user.UserName),
        ],
        CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task<IResult> LoginAsync(HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit)
    {
        var userName = Forms.Text(form, "username");
        var password = form["password"].ToString();
        var returnUrl = Forms.Text(form, "returnUrl");
        if (userName.Length == 0 || password.Length == 0)
        {
            return LoginPage(http, userName, returnUrl, "Enter your user name and password.", StatusCodes.Status400BadRequest);
        }

        var user = state.FindUserByName(userName);
        var failure = user switch
        {
            null => "unknown user name",
            { Active: false } => "account deactivated",
            _ when !state.CheckPassword(user, password) => "invalid password",
            _ => null,
        };

        if (failure is not null)
        {
            // The attempted name is kept, the password never is; a known account sees the attempt in its own trail.
            await audit.LoginFailedAsync(userName, failure, user?.Actor(), CancellationToken.None);
            // 400 like the other forms' errors, not 401: the console records every 401 as auth.authorization_failed
            // (RecordAuthorizationFailures), and this attempt is on record already, as a failed login.
            return LoginPage(http, userName, returnUrl, FailedMessage, StatusCodes.Status400BadRequest);
        }

        // Recorded as auth.login_succeeded by the adapter, as the user being signed in.
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user!));
        return Results.LocalRedirect(SafeReturnUrl(returnUrl));
    }

    private static IResult LoginPage(HttpContext http, string userName, string? returnUrl, string? error, int statusCode) =>
        Layout.Bare("Sign in", Html($"""
            <section class="card login">
              <h1>Monitoring Console</h1>
              <p class="muted">Sign in to manage servers, alerts and access.</p>
              {If(error is not null, Html($"""<p class="errors" role="alert" data-testid="login-error">{error}</p>"""))}
              <form method="post" action="/login" data-testid="login-form">
                {Forms.Antiforgery(http)}
                <input type="hidden" name="returnUrl" value="{returnUrl ?? string.Empty}">
                <label>User name <input name="username" id="username" autocomplete="username" value="{userName}" required autofocus></label>
                <label>Password <input name="password" id="password" type="password" autocomplete="current-password" required></label>
                <button type="submit" class="primary" data-testid="login-submit">Sign in</button>
              </form>
              <p class="muted small">Demo accounts: <code>john</code> and <code>sarah</code> (admins), <code>mike</code> (user); password <code>demo</code>.</p>
            </section>
            """), statusCode);

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make the sign-in an open redirect.</summary>
    private static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/servers";
}
