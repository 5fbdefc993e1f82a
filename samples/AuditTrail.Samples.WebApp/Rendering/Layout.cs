using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using static AuditTrail.Samples.WebApp.Rendering.Markup;

namespace AuditTrail.Samples.WebApp.Rendering;

/// <summary>The frame of every page: header, navigation, the signed-in user with a sign-out button, notices.</summary>
internal static class Layout
{
    /// <summary>
    /// The pages need no script at all and only their own style sheet; the policy says so, as a second line of
    /// defence behind the encoding.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly (string Path, string Label, bool AdminOnly)[] Navigation =
    [
        ("/servers", "Servers", false),
        ("/alerts", "Alert rules", false),
        ("/channels", "Notifications", false),
        ("/users", "Users", true),
        ("/api-keys", "API keys", false),
        ("/account", "Account", false),
        ("/audit", "Audit log", false),
    ];

    /// <summary>A page for a signed-in user.</summary>
    public static IResult Page(HttpContext http, string title, Markup content, int statusCode = StatusCodes.Status200OK)
    {
        var user = http.User;
        var isAdmin = user.IsInRole(Model.Roles.Admin);
        var nav = Join(Navigation
            .Where(item => !item.AdminOnly || isAdmin)
            .Select(item => Html($"""<a href="{item.Path}" data-testid="nav-{item.Path.TrimStart('/')}"{If(http.Request.Path.StartsWithSegments(item.Path), Html($" class=\"active\" aria-current=\"page\""))}>{item.Label}</a>""")));

        var header = Html($"""
            <header class="topbar">
              <a class="brand" href="/servers">Monitoring Console</a>
              <nav aria-label="Main">{nav}</nav>
              <div class="whoami">
                <span class="avatar" aria-hidden="true">{Initials(user.FindFirstValue(ClaimTypes.Name))}</span>
                <span data-testid="current-user">{user.FindFirstValue(ClaimTypes.Name)}</span>
                <span class="role">{user.FindFirstValue(ClaimTypes.Role)}</span>
                <form method="post" action="/logout">{Forms.Antiforgery(http)}<button type="submit" class="link" data-testid="logout">Sign out</button></form>
              </div>
            </header>
            """);

        return Document(title, Html($"""{header}<main>{Notice(http)}{content}</main>"""), statusCode);
    }

    /// <summary>A page without the signed-in frame (sign-in, errors).</summary>
    public static IResult Bare(string title, Markup content, int statusCode = StatusCodes.Status200OK) =>
        Document(title, Html($"""<main class="narrow">{content}</main>"""), statusCode);

    private static HtmlResult Document(string title, Markup body, int statusCode) =>
        new HtmlResult(Html($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{title} · Monitoring Console</title>
              <link rel="stylesheet" href="/app.css">
            </head>
            <body>
            {body}
            </body>
            </html>
            """), statusCode);

    /// <summary>The message of a redirect after a successful form post: a fixed text chosen by key, never echoed input.</summary>
    private static Markup Notice(HttpContext http)
    {
        var key = http.Request.Query["notice"].ToString();
        return Notices.TryGetValue(key, out var text)
            ? Html($"""<p class="notice" role="status" data-testid="notice">{text}</p>""")
            : Empty;
    }

    private static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["added"] = "Added.",
        ["saved"] = "Changes saved.",
        ["unchanged"] = "Nothing changed.",
        ["removed"] = "Removed.",
        ["agent"] = "Agent installed.",
        ["created"] = "Created.",
        ["role"] = "Role changed.",
        ["deactivated"] = "Account deactivated.",
        ["password"] = "Password changed.",
        ["mfa-on"] = "Two-factor authentication enabled.",
        ["mfa-off"] = "Two-factor authentication disabled.",
    };

    /// <summary>The first character of the name's first two words, each a whole text element (an emoji is never cut in half).</summary>
    internal static string Initials(string? name)
    {
        var words = (name ?? "?").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var initials = new StringBuilder();
        foreach (var word in words.Take(2))
        {
            initials.Append(word.AsSpan(0, System.Globalization.StringInfo.GetNextTextElementLength(word)).ToString().ToUpperInvariant());
        }

        return initials.Length == 0 ? "?" : initials.ToString();
    }

    /// <summary>An HTML response with the page's security headers.</summary>
    private sealed class HtmlResult(Markup html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers["Referrer-Policy"] = "same-origin";

            // Pages carry antiforgery tokens and account data.
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html.ToString(), Encoding.UTF8, httpContext.RequestAborted);
        }
    }
}

/// <summary>Helpers for the HTML forms.</summary>
internal static class Forms
{
    /// <summary>The hidden antiforgery field every form posts.</summary>
    public static Markup Antiforgery(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return Html($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>The trimmed value of a field, empty when missing.</summary>
    public static string Text(IFormCollection form, string name) => form[name].ToString().Trim();

    /// <summary>
    /// A select element with the given options, <paramref name="selected"/> pre-selected; its id is
    /// <paramref name="id"/> (default: the name), and <paramref name="label"/> names it when no visible label does
    /// (a select in a table row).
    /// </summary>
    public static Markup Select(string name, IEnumerable<(string Value, string Label)> options, string? selected, string? testId = null, string? id = null, string? label = null) =>
        Html($"""<select name="{name}" id="{id ?? name}"{If(label is not null, Html($" aria-label=\"{label}\""))}{If(testId is not null, Html($" data-testid=\"{testId}\""))}>{Join(options.Select(option =>
            Html($"""<option value="{option.Value}"{If(option.Value == selected, Html($" selected"))}>{option.Label}</option>""")))}</select>""");

    public static IEnumerable<(string Value, string Label)> Same(IEnumerable<string> values) => values.Select(value => (value, value));

    /// <summary>Validation errors above a form.</summary>
    public static Markup Errors(IReadOnlyCollection<string> errors) =>
        errors.Count == 0
            ? Markup.Empty
            : Html($"""<div class="errors" role="alert" data-testid="form-errors"><ul>{Join(errors.Select(error => Html($"<li>{error}</li>")))}</ul></div>""");
}
