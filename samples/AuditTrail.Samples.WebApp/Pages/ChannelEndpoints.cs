using AuditTrail.Samples.Monitoring;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>Notification channels (email and webhook): add, update, remove.</summary>
internal static class ChannelEndpoints
{
    public static void MapChannels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/channels", (HttpContext http, ConsoleState state) =>
            ListPage(http, state, new NotificationChannel(string.Empty, NotificationChannel.Email, string.Empty, string.Empty, null), []));

        app.MapPost("/channels", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            var kind = Forms.Text(form, "kind");
            var (channel, errors) = Parse(form, ConsoleState.NewId("ch"), kind, currentSecret: null);
            if (errors.Count > 0)
            {
                return ListPage(http, state, channel, errors, StatusCodes.Status400BadRequest);
            }

            state.Save(channel);
            await audit.NotificationChannelAddedAsync(channel.AuditResource(), channel.Kind, CancellationToken.None);
            return Results.Redirect("/channels?notice=added");
        });

        app.MapGet("/channels/{id}", (HttpContext http, string id, ConsoleState state) =>
            state.FindChannel(id) is { } channel ? EditPage(http, channel, channel, []) : ServerEndpoints.NotFound(http, "notification channel"));

        app.MapPost("/channels/{id}", async (HttpContext http, string id, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindChannel(id) is not { } current)
            {
                return ServerEndpoints.NotFound(http, "notification channel");
            }

            var (changed, errors) = Parse(form, id, current.Kind, current.SigningSecret);
            if (errors.Count > 0)
            {
                return EditPage(http, current, changed, errors, StatusCodes.Status400BadRequest);
            }

            var before = state.Save(changed) ?? current;
            var changes = AuditDiff.Between(before.Settings(), changed.Settings());
            if (changes.Count == 0)
            {
                return Results.Redirect($"/channels/{Uri.EscapeDataString(id)}?notice=unchanged");
            }

            // A new signing secret is recorded as "Changed signing_secret": the library redacts its values by name.
            await audit.NotificationChannelUpdatedAsync(changed.AuditResource(), changes, CancellationToken.None);
            return Results.Redirect($"/channels/{Uri.EscapeDataString(id)}?notice=saved");
        });

        app.MapPost("/channels/{id}/delete", async (HttpContext http, string id, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.RemoveChannel(id) is not { } removed)
            {
                return ServerEndpoints.NotFound(http, "notification channel");
            }

            await audit.NotificationChannelRemovedAsync(removed.AuditResource(), CancellationToken.None);
            return Results.Redirect("/channels?notice=removed");
        });
    }

    private static (NotificationChannel Channel, List<string> Errors) Parse(IFormCollection form, string id, string kind, string? currentSecret)
    {
        var errors = new List<string>();
        var name = Forms.Text(form, "name");
        var target = Forms.Text(form, "target");
        var secret = Forms.Text(form, "signing_secret");

        if (!NotificationChannel.Kinds.Contains(kind))
        {
            errors.Add("Kind: email or webhook.");
        }

        if (name.Length is 0 or > 80)
        {
            errors.Add("Name: 1 to 80 characters.");
        }

        if (kind == NotificationChannel.Webhook)
        {
            if (!Uri.TryCreate(target, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || target.Length > 500)
            {
                errors.Add("URL: an http or https address, such as https://hooks.example.com/alerts.");
            }
        }
        else if (target.Length is < 3 or > 254 || target.IndexOf('@', StringComparison.Ordinal) is <= 0 || target.EndsWith('@'))
        {
            errors.Add("Email: an address such as ops@example.com.");
        }

        // An empty secret field keeps the current secret: the form never shows it.
        var signingSecret = kind == NotificationChannel.Webhook ? (secret.Length > 0 ? secret : currentSecret) : null;
        return (new NotificationChannel(id, kind, name, target, signingSecret), errors);
    }

    private static IResult ListPage(HttpContext http, ConsoleState state, NotificationChannel draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK)
    {
        var rows = Join(state.Channels().Select(channel => Html($"""
            <tr data-testid="channel-row" data-channel-id="{channel.Id}">
              <td><a href="/channels/{channel.Id}" data-testid="channel-name">{channel.Name}</a></td>
              <td>{channel.Kind}</td>
              <td>{channel.Target}</td>
              <td>{(channel.Kind == NotificationChannel.Webhook ? (channel.SigningSecret is null ? "not signed" : "signed") : "—")}</td>
            </tr>
            """)));

        return Layout.Page(http, "Notification channels", Html($"""
            <h1>Notification channels</h1>
            <table class="grid" data-testid="channels">
              <thead><tr><th>Name</th><th>Kind</th><th>Address or URL</th><th>Signing</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <section class="card">
              <h2>Add channel</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/channels" class="form-grid" data-testid="add-channel">
                {Forms.Antiforgery(http)}
                <label>Kind {Forms.Select("kind", Forms.Same(NotificationChannel.Kinds), draft.Kind)}</label>
                {Fields(draft)}
                <div class="actions"><button type="submit" class="primary">Add channel</button></div>
              </form>
            </section>
            """), statusCode);
    }

    private static IResult EditPage(HttpContext http, NotificationChannel current, NotificationChannel draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(http, current.Name, Html($"""
            <p class="crumbs"><a href="/channels">Notification channels</a> /</p>
            <h1>{current.Name} <span class="badge">{current.Kind}</span></h1>
            <section class="card">
              <h2>Channel</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/channels/{current.Id}" class="form-grid" data-testid="edit-channel">
                {Forms.Antiforgery(http)}
                {Fields(draft)}
                <div class="actions"><button type="submit" class="primary" data-testid="save-channel">Save channel</button></div>
              </form>
            </section>
            <section class="card danger">
              <h2>Remove channel</h2>
              <form method="post" action="/channels/{current.Id}/delete">
                {Forms.Antiforgery(http)}
                <button type="submit" class="danger" data-testid="remove-channel">Remove channel</button>
              </form>
            </section>
            """), statusCode);

    private static Markup Fields(NotificationChannel channel) => Html($"""
        <label>Name <input name="name" id="name" value="{channel.Name}" maxlength="80" required></label>
        <label>Email address or webhook URL <input name="target" id="target" value="{channel.Target}" maxlength="500" required></label>
        <label>Signing secret (webhooks; leave empty to keep) <input name="signing_secret" id="signing_secret" type="password" autocomplete="off"></label>
        """);
}
