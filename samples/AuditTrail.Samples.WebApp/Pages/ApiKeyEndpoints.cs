using System.Globalization;
using AuditTrail.AspNetCore;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>API keys: create and delete; expired keys are removed by <see cref="Background.ApiKeyExpiryService"/> as the System.</summary>
internal static class ApiKeyEndpoints
{
    /// <summary>Lifetimes offered by the form; the one-minute key shows the expiry job at work.</summary>
    private static readonly (string Value, string Label, TimeSpan? Lifetime)[] Lifetimes =
    [
        ("1m", "1 minute (watch the expiry job)", TimeSpan.FromMinutes(1)),
        ("7d", "7 days", TimeSpan.FromDays(7)),
        ("30d", "30 days", TimeSpan.FromDays(30)),
        ("90d", "90 days", TimeSpan.FromDays(90)),
        ("never", "Never", null),
    ];

    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api-keys", (HttpContext http, ConsoleState state) => Page(http, state, newSecret: null, []));

        app.MapPost("/api-keys", async (HttpContext http, IFormCollection form, ConsoleState state, TimeProvider time, IAuditLogger audit) =>
        {
            var name = Forms.Text(form, "name");
            var lifetime = Lifetimes.FirstOrDefault(option => option.Value == Forms.Text(form, "expires"));
            var errors = new List<string>();
            if (name.Length is 0 or > 80)
            {
                errors.Add("Name: 1 to 80 characters.");
            }

            if (lifetime.Value is null)
            {
                errors.Add("Expires: choose one of the offered lifetimes.");
            }

            if (errors.Count > 0)
            {
                return Page(http, state, newSecret: null, errors, StatusCodes.Status400BadRequest);
            }

            var now = time.GetUtcNow();
            var prefix = "mon_" + ConsoleState.RandomToken(4);
            var secret = prefix + "_" + ConsoleState.RandomToken(32);
            var key = new ApiKey(ConsoleState.NewId("key"), name, UserEndpoints.CurrentUserId(http)!, prefix, ConsoleState.HashSecret(secret), now, now + lifetime.Lifetime);
            state.Save(key);

            // The key's id and name are recorded, never the secret.
            await audit.ApiKeyCreatedAsync(key.AuditResource(), CancellationToken.None);
            return Page(http, state, secret, []);
        });

        app.MapPost("/api-keys/{id}/delete", async (HttpContext http, string id, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindApiKey(id) is not { } key)
            {
                return ServerEndpoints.NotFound(http, "API key");
            }

            if (!MayManage(http, key))
            {
                // Somebody else's key: the answer does not tell that it exists; the trail records the attempt.
                await audit.LogAsync(
                    new AuditEvent
                    {
                        Action = AuditAspNetCoreActions.AuthorizationFailed,
                        ActionType = AuditActionType.Security,
                        Outcome = AuditOutcome.Failure,
                        FailureReason = "not the key's owner",
                        Resource = key.AuditResource(),
                        Description = $"Tried to delete API key {key.Name}, which belongs to another user",
                    },
                    CancellationToken.None);
                return ServerEndpoints.NotFound(http, "API key");
            }

            if (state.RemoveApiKey(id) is not null)
            {
                await audit.ApiKeyDeletedAsync(key.AuditResource(), CancellationToken.None);
            }

            return Results.Redirect("/api-keys?notice=removed");
        });
    }

    /// <summary>Admins manage every key, anybody else their own.</summary>
    private static bool MayManage(HttpContext http, ApiKey key) =>
        http.User.IsInRole(Roles.Admin) || key.OwnerId == UserEndpoints.CurrentUserId(http);

    private static IResult Page(HttpContext http, ConsoleState state, string? newSecret, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK)
    {
        var keys = state.ApiKeys().Where(key => MayManage(http, key));
        var rows = Join(keys.Select(key => Html($"""
            <tr data-testid="api-key-row" data-key-id="{key.Id}">
              <td data-testid="api-key-name">{key.Name}</td>
              <td><code>{key.Prefix}_…</code></td>
              <td>{state.FindUser(key.OwnerId)?.DisplayName ?? key.OwnerId}</td>
              <td>{Date(key.CreatedAt)}</td>
              <td>{(key.ExpiresAt is { } expires ? Date(expires) : "never")}</td>
              <td>
                <form method="post" action="/api-keys/{key.Id}/delete" class="inline">
                  {Forms.Antiforgery(http)}
                  <button type="submit" class="danger" data-testid="delete-api-key">Delete</button>
                </form>
              </td>
            </tr>
            """)));

        var created = newSecret is null
            ? Empty
            : Html($"""
                <div class="notice" role="status" data-testid="new-api-key">
                  <p>Copy the new key now; it is not shown again:</p>
                  <p><code class="secret">{newSecret}</code></p>
                </div>
                """);

        return Layout.Page(http, "API keys", Html($"""
            <h1>API keys</h1>
            {created}
            <table class="grid" data-testid="api-keys">
              <thead><tr><th>Name</th><th>Key</th><th>Owner</th><th>Created (UTC)</th><th>Expires (UTC)</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <section class="card">
              <h2>Create API key</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/api-keys" class="form-grid" data-testid="create-api-key">
                {Forms.Antiforgery(http)}
                <label>Name <input name="name" id="key-name" maxlength="80" required placeholder="CI deploy key"></label>
                <label>Expires {Forms.Select("expires", Lifetimes.Select(option => (option.Value, option.Label)), "30d")}</label>
                <div class="actions"><button type="submit" class="primary">Create key</button></div>
              </form>
            </section>
            """), statusCode);
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
