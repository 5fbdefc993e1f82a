using System.Security.Claims;
using System.Text.RegularExpressions;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>User accounts, for admins: create, change role, deactivate.</summary>
internal static partial class UserEndpoints
{
    public const string AdminPolicy = "ConsoleAdmin";

    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/users").RequireAuthorization(AdminPolicy);

        users.MapGet("/", (HttpContext http, ConsoleState state) => ListPage(http, state, string.Empty, string.Empty, Roles.User, []));

        users.MapPost("/", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            var userName = Forms.Text(form, "username").ToLowerInvariant();
            var displayName = Forms.Text(form, "display_name");
            var role = Forms.Text(form, "role");
            var password = form["password"].ToString();

            var errors = new List<string>();
            if (!UserNamePattern().IsMatch(userName))
            {
                errors.Add("User name: 2 to 32 lowercase letters, digits, dots or dashes.");
            }

            if (displayName.Length is 0 or > 80)
            {
                errors.Add("Full name: 1 to 80 characters.");
            }

            if (!Roles.All.Contains(role))
            {
                errors.Add($"Role: {string.Join(" or ", Roles.All)}.");
            }

            if (password.Length < 8)
            {
                errors.Add("Initial password: at least 8 characters.");
            }

            var account = new UserAccount("u-" + userName, userName, displayName, role, string.Empty, Active: true, MfaEnabled: false);
            if (errors.Count == 0 && !state.TryAdd(account with { PasswordHash = state.HashPassword(account, password) }))
            {
                errors.Add($"User name {userName} is taken.");
            }

            if (errors.Count > 0)
            {
                return ListPage(http, state, userName, displayName, role, errors, StatusCodes.Status400BadRequest);
            }

            await audit.AccountCreatedAsync(account.AuditResource(), role, CancellationToken.None);
            return Results.Redirect("/users?notice=created");
        });

        users.MapPost("/{id}/role", async (HttpContext http, string id, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            var role = Forms.Text(form, "role");
            if (state.FindUser(id) is not { } user)
            {
                return ServerEndpoints.NotFound(http, "user");
            }

            if (!Roles.All.Contains(role))
            {
                return ListPage(http, state, string.Empty, string.Empty, Roles.User, [$"Role: {string.Join(" or ", Roles.All)}."], StatusCodes.Status400BadRequest);
            }

            if (user.Id == CurrentUserId(http) && role != Roles.Admin)
            {
                return ListPage(http, state, string.Empty, string.Empty, Roles.User, ["You cannot take the admin role from yourself."], StatusCodes.Status400BadRequest);
            }

            if (role == user.Role)
            {
                return Results.Redirect("/users?notice=unchanged");
            }

            state.Save(user with { Role = role });
            await audit.RoleChangedAsync(user.AuditResource(), user.Role, role, CancellationToken.None);
            return Results.Redirect("/users?notice=role");
        });

        users.MapPost("/{id}/deactivate", async (HttpContext http, string id, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindUser(id) is not { } user)
            {
                return ServerEndpoints.NotFound(http, "user");
            }

            if (user.Id == CurrentUserId(http))
            {
                return ListPage(http, state, string.Empty, string.Empty, Roles.User, ["You cannot deactivate your own account."], StatusCodes.Status400BadRequest);
            }

            if (!user.Active)
            {
                return Results.Redirect("/users?notice=unchanged");
            }

            state.Save(user with { Active = false });
            await audit.AccountDeactivatedAsync(user.AuditResource(), CancellationToken.None);
            return Results.Redirect("/users?notice=deactivated");
        });
    }

    public static string? CurrentUserId(HttpContext http) => http.User.FindFirstValue(ClaimTypes.NameIdentifier);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    private static IResult ListPage(HttpContext http, ConsoleState state, string userName, string displayName, string role, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK)
    {
        var me = CurrentUserId(http);
        var rows = Join(state.Users().Select(user => Html($"""
            <tr data-testid="user-row" data-user-id="{user.Id}"{If(!user.Active, Html($" class=\"inactive\""))}>
              <td data-testid="user-name">{user.DisplayName}</td>
              <td><code>{user.UserName}</code></td>
              <td>
                <form method="post" action="/users/{user.Id}/role" class="inline">
                  {Forms.Antiforgery(http)}
                  {Forms.Select("role", Forms.Same(Roles.All), user.Role, "user-role", id: "role-" + user.Id, label: "Role of " + user.DisplayName)}
                  <button type="submit" data-testid="change-role">Change role</button>
                </form>
              </td>
              <td>{(user.MfaEnabled ? "on" : "off")}</td>
              <td>{(user.Active ? Html($"""<span class="badge ok">active</span>""") : Html($"""<span class="badge">deactivated</span>"""))}</td>
              <td>{If(user.Active && user.Id != me, Html($"""
                <form method="post" action="/users/{user.Id}/deactivate" class="inline">
                  {Forms.Antiforgery(http)}
                  <button type="submit" class="danger" data-testid="deactivate-user">Deactivate</button>
                </form>
                """))}</td>
            </tr>
            """)));

        return Layout.Page(http, "Users", Html($"""
            <h1>Users</h1>
            {Forms.Errors(errors)}
            <table class="grid" data-testid="users">
              <thead><tr><th>Name</th><th>User name</th><th>Role</th><th>MFA</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <section class="card">
              <h2>Create user</h2>
              <form method="post" action="/users" class="form-grid" data-testid="create-user">
                {Forms.Antiforgery(http)}
                <label>User name <input name="username" id="new-username" value="{userName}" maxlength="32" required></label>
                <label>Full name <input name="display_name" id="display_name" value="{displayName}" maxlength="80" required></label>
                <label>Role {Forms.Select("role", Forms.Same(Roles.All), role)}</label>
                <label>Initial password <input name="password" id="new-password" type="password" minlength="8" autocomplete="new-password" required></label>
                <div class="actions"><button type="submit" class="primary">Create user</button></div>
              </form>
            </section>
            """), statusCode);
    }
}
