using AuditTrail.Samples.Monitoring;
using System.Globalization;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>Servers: list, add, change settings, install the agent, remove. Every change is audited.</summary>
internal static class ServerEndpoints
{
    public static readonly IReadOnlyList<string> Regions = ["eu-west-1", "us-east-1", "ap-southeast-2"];
    public static readonly IReadOnlyList<string> AgentVersions = ["4.2.1", "4.1.0"];

    public static void MapServers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/servers", (HttpContext http, ConsoleState state) => ListPage(http, state, NewServerDefaults(), []));

        app.MapPost("/servers", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            var (server, errors) = Parse(form, ConsoleState.NewId("srv"), agentVersion: null);
            if (errors.Count > 0)
            {
                return ListPage(http, state, server, errors, StatusCodes.Status400BadRequest);
            }

            state.Save(server);

            // The server is added: its record must not depend on the client staying for the answer.
            await audit.CreatedAsync(server.AuditResource(), $"Added server {server.Name} ({server.Host})", CancellationToken.None);
            return Results.Redirect($"/servers/{Uri.EscapeDataString(server.Id)}?notice=added");
        });

        app.MapGet("/servers/{id}", (HttpContext http, string id, ConsoleState state) =>
            state.FindServer(id) is { } server ? SettingsPage(http, server, server, []) : NotFound(http, "server"));

        app.MapPost("/servers/{id}", async (HttpContext http, string id, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindServer(id) is not { } current)
            {
                return NotFound(http, "server");
            }

            var (changed, errors) = Parse(form, id, current.AgentVersion);
            if (errors.Count > 0)
            {
                return SettingsPage(http, current, changed, errors, StatusCodes.Status400BadRequest);
            }

            var before = state.Save(changed) ?? current;
            var changes = AuditDiff.Between(before.Settings(), changed.Settings());
            if (changes.Count == 0)
            {
                return Results.Redirect($"/servers/{Uri.EscapeDataString(id)}?notice=unchanged");
            }

            // "Changed load_multiplier from 1.0 to 1.5": the description is rendered from the field changes.
            await audit.UpdatedAsync(changed.AuditResource(), changes, CancellationToken.None);
            return Results.Redirect($"/servers/{Uri.EscapeDataString(id)}?notice=saved");
        });

        app.MapPost("/servers/{id}/agent", async (HttpContext http, string id, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindServer(id) is not { } server)
            {
                return NotFound(http, "server");
            }

            var version = Forms.Text(form, "agent_version");
            if (!AgentVersions.Contains(version))
            {
                return SettingsPage(http, server, server, [$"Choose an agent version: {string.Join(", ", AgentVersions)}."], StatusCodes.Status400BadRequest);
            }

            state.Save(server with { AgentVersion = version });
            await audit.AgentInstalledAsync(server.AuditResource(), version, CancellationToken.None);
            return Results.Redirect($"/servers/{Uri.EscapeDataString(id)}?notice=agent");
        });

        app.MapPost("/servers/{id}/delete", async (HttpContext http, string id, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.RemoveServer(id) is not { } removed)
            {
                return NotFound(http, "server");
            }

            await audit.DeletedAsync(removed.AuditResource(), CancellationToken.None);
            return Results.Redirect("/servers?notice=removed");
        });
    }

    public static IResult NotFound(HttpContext http, string what) =>
        Layout.Page(http, "Not found", Html($"""<h1>Not found</h1><p>No such {what}; it may have been removed.</p>"""), StatusCodes.Status404NotFound);

    public static string FormatNumber(double value) => AuditDiff.FormatValue(value) ?? string.Empty;

    private static Server NewServerDefaults() => new(string.Empty, string.Empty, string.Empty, Regions[0], 1.0, 60, null);

    private static (Server Server, List<string> Errors) Parse(IFormCollection form, string id, string? agentVersion)
    {
        var errors = new List<string>();
        var name = Forms.Text(form, "name");
        var host = Forms.Text(form, "host");
        var region = Forms.Text(form, "region");
        var multiplierText = Forms.Text(form, "load_multiplier");
        var intervalText = Forms.Text(form, "check_interval_seconds");

        if (name.Length is 0 or > 64)
        {
            errors.Add("Name: 1 to 64 characters.");
        }

        if (host.Length is 0 or > 253)
        {
            errors.Add("Host: an address or host name of 1 to 253 characters.");
        }

        if (!Regions.Contains(region))
        {
            errors.Add($"Region: one of {string.Join(", ", Regions)}.");
        }

        if (!double.TryParse(multiplierText, NumberStyles.Float, CultureInfo.InvariantCulture, out var multiplier) || multiplier is not (>= 0.1 and <= 10))
        {
            errors.Add("load_multiplier: a number from 0.1 to 10, such as 1.5.");
            multiplier = 1.0;
        }

        if (!int.TryParse(intervalText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var interval) || interval is < 10 or > 3600)
        {
            errors.Add("check_interval_seconds: a whole number from 10 to 3600.");
            interval = 60;
        }

        return (new Server(id, name, host, region, Math.Round(multiplier, 2), interval, agentVersion), errors);
    }

    private static IResult ListPage(HttpContext http, ConsoleState state, Server draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK)
    {
        var rows = Join(state.Servers().Select(server => Html($"""
            <tr data-testid="server-row" data-server-id="{server.Id}">
              <td><a href="/servers/{server.Id}" data-testid="server-name">{server.Name}</a></td>
              <td>{server.Host}</td>
              <td>{server.Region}</td>
              <td class="num">{FormatNumber(server.LoadMultiplier)}</td>
              <td class="num">{server.CheckIntervalSeconds}s</td>
              <td>{(server.AgentVersion is null ? Html($"""<span class="badge warn">no agent</span>""") : Html($"""<span class="badge ok">agent {server.AgentVersion}</span>"""))}</td>
            </tr>
            """)));

        return Layout.Page(http, "Servers", Html($"""
            <h1>Servers</h1>
            <table class="grid" data-testid="servers">
              <thead><tr><th>Name</th><th>Host</th><th>Region</th><th class="num">Load multiplier</th><th class="num">Check interval</th><th>Agent</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <section class="card">
              <h2>Add server</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/servers" class="form-grid" data-testid="add-server">
                {Forms.Antiforgery(http)}
                {Fields(draft)}
                <div class="actions"><button type="submit" class="primary">Add server</button></div>
              </form>
            </section>
            """), statusCode);
    }

    private static IResult SettingsPage(HttpContext http, Server current, Server draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(http, current.Name, Html($"""
            <p class="crumbs"><a href="/servers">Servers</a> /</p>
            <h1 data-testid="server-title">{current.Name}</h1>
            <section class="card">
              <h2>Settings</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/servers/{current.Id}" class="form-grid" data-testid="server-settings">
                {Forms.Antiforgery(http)}
                {Fields(draft)}
                <div class="actions"><button type="submit" class="primary" data-testid="save-server">Save settings</button></div>
              </form>
            </section>
            <section class="card">
              <h2>Monitoring agent</h2>
              <p>{(current.AgentVersion is null ? "No agent is installed on this server." : $"Agent {current.AgentVersion} is installed.")}</p>
              <form method="post" action="/servers/{current.Id}/agent" class="inline">
                {Forms.Antiforgery(http)}
                <label>Version {Forms.Select("agent_version", Forms.Same(AgentVersions), current.AgentVersion ?? AgentVersions[0])}</label>
                <button type="submit" data-testid="install-agent">Install agent</button>
              </form>
            </section>
            <section class="card danger">
              <h2>Remove server</h2>
              <p>Stops monitoring {current.Name} and deletes its alerts history.</p>
              <form method="post" action="/servers/{current.Id}/delete">
                {Forms.Antiforgery(http)}
                <button type="submit" class="danger" data-testid="remove-server">Remove server</button>
              </form>
            </section>
            """), statusCode);

    private static Markup Fields(Server server) => Html($"""
        <label>Name <input name="name" id="name" value="{server.Name}" maxlength="64" required></label>
        <label>Host <input name="host" id="host" value="{server.Host}" maxlength="253" required placeholder="10.0.4.20"></label>
        <label>Region {Forms.Select("region", Forms.Same(Regions), server.Region)}</label>
        <label>load_multiplier <input name="load_multiplier" id="load_multiplier" value="{FormatNumber(server.LoadMultiplier)}" inputmode="decimal" required></label>
        <label>check_interval_seconds <input name="check_interval_seconds" id="check_interval_seconds" value="{server.CheckIntervalSeconds}" inputmode="numeric" required></label>
        """);
}
