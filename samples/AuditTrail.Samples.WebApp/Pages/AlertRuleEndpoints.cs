using System.Globalization;
using AuditTrail.Samples.WebApp.Rendering;
using AuditTrail.Samples.WebApp.Model;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>Alert rules: create, change, delete.</summary>
internal static class AlertRuleEndpoints
{
    public static void MapAlertRules(this IEndpointRouteBuilder app)
    {
        app.MapGet("/alerts", (HttpContext http, ConsoleState state) =>
            ListPage(http, state, new AlertRule(string.Empty, string.Empty, AlertRule.Metrics[0], 90, 5, AlertRule.Severities[0], null), []));

        app.MapPost("/alerts", async (HttpContext http, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            var (rule, errors) = Parse(form, ConsoleState.NewId("rule"), state);
            if (errors.Count > 0)
            {
                return ListPage(http, state, rule, errors, StatusCodes.Status400BadRequest);
            }

            state.Save(rule);
            await audit.CreatedAsync(rule.AuditResource(), $"Created alert rule {rule.Name} ({rule.Condition()})", CancellationToken.None);
            return Results.Redirect("/alerts?notice=created");
        });

        app.MapGet("/alerts/{id}", (HttpContext http, string id, ConsoleState state) =>
            state.FindAlertRule(id) is { } rule ? EditPage(http, state, rule, rule, []) : ServerEndpoints.NotFound(http, "alert rule"));

        app.MapPost("/alerts/{id}", async (HttpContext http, string id, IFormCollection form, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.FindAlertRule(id) is not { } current)
            {
                return ServerEndpoints.NotFound(http, "alert rule");
            }

            var (changed, errors) = Parse(form, id, state);
            if (errors.Count > 0)
            {
                return EditPage(http, state, current, changed, errors, StatusCodes.Status400BadRequest);
            }

            var before = state.Save(changed) ?? current;
            var changes = AuditDiff.Between(before.Settings(), changed.Settings());
            if (changes.Count == 0)
            {
                return Results.Redirect($"/alerts/{Uri.EscapeDataString(id)}?notice=unchanged");
            }

            await audit.UpdatedAsync(changed.AuditResource(), changes, CancellationToken.None);
            return Results.Redirect($"/alerts/{Uri.EscapeDataString(id)}?notice=saved");
        });

        app.MapPost("/alerts/{id}/delete", async (HttpContext http, string id, ConsoleState state, IAuditLogger audit) =>
        {
            if (state.RemoveAlertRule(id) is not { } removed)
            {
                return ServerEndpoints.NotFound(http, "alert rule");
            }

            await audit.DeletedAsync(removed.AuditResource(), CancellationToken.None);
            return Results.Redirect("/alerts?notice=removed");
        });
    }

    private static (AlertRule Rule, List<string> Errors) Parse(IFormCollection form, string id, ConsoleState state)
    {
        var errors = new List<string>();
        var name = Forms.Text(form, "name");
        var metric = Forms.Text(form, "metric");
        var severity = Forms.Text(form, "severity");
        var channel = Forms.Text(form, "channel");

        if (name.Length is 0 or > 80)
        {
            errors.Add("Name: 1 to 80 characters.");
        }

        if (!AlertRule.Metrics.Contains(metric))
        {
            errors.Add($"Metric: one of {string.Join(", ", AlertRule.Metrics)}.");
        }

        if (!double.TryParse(Forms.Text(form, "threshold"), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || threshold is not (>= 0 and <= 100_000))
        {
            errors.Add("Threshold: a number from 0 to 100000.");
            threshold = 0;
        }

        if (!int.TryParse(Forms.Text(form, "duration_minutes"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var duration) || duration is < 1 or > 1440)
        {
            errors.Add("Duration: whole minutes from 1 to 1440.");
            duration = 5;
        }

        if (!AlertRule.Severities.Contains(severity))
        {
            errors.Add($"Severity: one of {string.Join(", ", AlertRule.Severities)}.");
        }

        if (channel.Length > 0 && state.FindChannel(channel) is null)
        {
            errors.Add("Notify: choose an existing channel or none.");
        }

        return (new AlertRule(id, name, metric, threshold, duration, severity, channel.Length == 0 ? null : channel), errors);
    }

    private static IResult ListPage(HttpContext http, ConsoleState state, AlertRule draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK)
    {
        var rows = Join(state.AlertRules().Select(rule => Html($"""
            <tr data-testid="alert-row" data-rule-id="{rule.Id}">
              <td><a href="/alerts/{rule.Id}" data-testid="alert-name">{rule.Name}</a></td>
              <td><code>{rule.Condition()}</code></td>
              <td><span class="badge {(rule.Severity == "critical" ? "bad" : "warn")}">{rule.Severity}</span></td>
              <td>{(rule.ChannelId is null ? "—" : state.FindChannel(rule.ChannelId)?.Name ?? "(removed channel)")}</td>
            </tr>
            """)));

        return Layout.Page(http, "Alert rules", Html($"""
            <h1>Alert rules</h1>
            <table class="grid" data-testid="alert-rules">
              <thead><tr><th>Name</th><th>Condition</th><th>Severity</th><th>Notify</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <section class="card">
              <h2>Create alert rule</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/alerts" class="form-grid" data-testid="create-alert">
                {Forms.Antiforgery(http)}
                {Fields(draft, state)}
                <div class="actions"><button type="submit" class="primary">Create rule</button></div>
              </form>
            </section>
            """), statusCode);
    }

    private static IResult EditPage(HttpContext http, ConsoleState state, AlertRule current, AlertRule draft, IReadOnlyCollection<string> errors, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(http, current.Name, Html($"""
            <p class="crumbs"><a href="/alerts">Alert rules</a> /</p>
            <h1>{current.Name}</h1>
            <section class="card">
              <h2>Rule</h2>
              {Forms.Errors(errors)}
              <form method="post" action="/alerts/{current.Id}" class="form-grid" data-testid="edit-alert">
                {Forms.Antiforgery(http)}
                {Fields(draft, state)}
                <div class="actions"><button type="submit" class="primary" data-testid="save-alert">Save rule</button></div>
              </form>
            </section>
            <section class="card danger">
              <h2>Delete rule</h2>
              <form method="post" action="/alerts/{current.Id}/delete">
                {Forms.Antiforgery(http)}
                <button type="submit" class="danger" data-testid="delete-alert">Delete rule</button>
              </form>
            </section>
            """), statusCode);

    private static Markup Fields(AlertRule rule, ConsoleState state) => Html($"""
        <label>Name <input name="name" id="name" value="{rule.Name}" maxlength="80" required></label>
        <label>Metric {Forms.Select("metric", Forms.Same(AlertRule.Metrics), rule.Metric)}</label>
        <label>Threshold <input name="threshold" id="threshold" value="{rule.Threshold:0.##}" inputmode="decimal" required></label>
        <label>Duration (minutes) <input name="duration_minutes" id="duration_minutes" value="{rule.DurationMinutes}" inputmode="numeric" required></label>
        <label>Severity {Forms.Select("severity", Forms.Same(AlertRule.Severities), rule.Severity)}</label>
        <label>Notify {Forms.Select("channel", new[] { (string.Empty, "(none)") }.Concat(state.Channels().Select(channel => (channel.Id, channel.Name))), rule.ChannelId ?? string.Empty)}</label>
        """);
}
