using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>The signed-in user's own security settings: password and two-factor authentication.</summary>
internal static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account", (HttpContext http, ConsoleState state) =>
            state.FindUser(UserEndpoints.CurrentUserId(http)!) is { } user ? Page(http, user, []) : Results.Redirect("/login"));

        app.MapPost("/account/password", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindUser(UserEndpoints.CurrentUserId(http)!) is not { } user)
            {
                return Results.Redirect("/login");
            }

            var current = form["current_password"].ToString();
            var replacement = form["new_password"].ToString();
            var confirmation = form["confirm_password"].ToString();
            if (!state.CheckPassword(user, current))
            {
                // A wrong current password is worth seeing in the trail: it can be someone at an unlocked screen.
                await audit.LogAsync(new AuditEvent
                {
                    Action = AuditActions.PasswordChanged,
                    ActionType = AuditActionType.Security,
                    Outcome = AuditOutcome.Failure,
                    FailureReason = "current password did not match",
                    Resource = user.AuditResource(),
                    Description = "Tried to change password",
                }, CancellationToken.None);
                return Page(http, user, ["The current password is not correct."], StatusCodes.Status400BadRequest);
            }

            if (replacement.Length < 8 || replacement != confirmation)
            {
                return Page(http, user, ["The new password needs at least 8 characters, typed the same twice."], StatusCodes.Status400BadRequest);
            }

            state.Save(user with { PasswordHash = state.HashPassword(user, replacement) });
            await audit.PasswordChangedAsync(user.AuditResource(), CancellationToken.None);
            return Results.Redirect("/account?notice=password");
        });

        app.MapPost("/account/mfa", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindUser(UserEndpoints.CurrentUserId(http)!) is not { } user)
            {
                return Results.Redirect("/login");
            }

            var enable = Forms.Text(form, "enabled") == "true";
            if (enable == user.MfaEnabled)
            {
                return Results.Redirect("/account?notice=unchanged");
            }

            state.Save(user with { MfaEnabled = enable });
            await (enable
                ? audit.MfaEnabledAsync(user.AuditResource(), CancellationToken.None)
                : audit.MfaDisabledAsync(user.AuditResource(), CancellationToken.None));
            return Results.Redirect(enable ? "/account?notice=mfa-on" : "/account?notice=mfa-off");
        });
    }

    private static IResult Page(HttpContext http, UserAccount user, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(http, "Account", Html($"""
            <h1>Account security</h1>
            <p class="muted">{user.DisplayName} · <code>{user.UserName}</code> · {user.Role}</p>
            <section class="card">
              <h2>Change password</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/account/password" class="form-grid" data-testid="change-password">
                {Forms.Antiforgery(http)}
                <label>Current password <input name="current_password" id="current_password" type="password" autocomplete="current-password" required></label>
                <label>New password <input name="new_password" id="new_password" type="password" minlength="8" autocomplete="new-password" required></label>
                <label>Repeat new password <input name="confirm_password" id="confirm_password" type="password" minlength="8" autocomplete="new-password" required></label>
                <div class="actions"><button type="submit" class="primary">Change password</button></div>
              </form>
            </section>
            <section class="card">
              <h2>Two-factor authentication</h2>
              <p data-testid="mfa-status">Two-factor authentication is <strong>{(user.MfaEnabled ? "on" : "off")}</strong>.</p>
              <form method="post" action="/account/mfa">
                {Forms.Antiforgery(http)}
                <input type="hidden" name="enabled" value="{(user.MfaEnabled ? "false" : "true")}">
                <button type="submit" data-testid="toggle-mfa">{(user.MfaEnabled ? "Disable two-factor authentication" : "Enable two-factor authentication")}</button>
              </form>
            </section>
            """), statusCode);
}
