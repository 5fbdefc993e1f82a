using System.Net;
using AuditTrail.Browser.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// A page on another origin of the same site (the same loopback address, another port: <c>SameSite=Lax</c> sends the
/// session cookie with its top-level POST) submits forms to the console. None may change anything.
/// </summary>
public sealed class CrossSiteRequestTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The console's state-changing endpoints that read no form field, and what shows each is untouched.</summary>
    private static readonly (string Action, string Page, string StillShown)[] Attacks =
    [
        ("/servers/srv-db-02/delete", "/servers", "db-02"),
        ("/alerts/rule-latency/delete", "/alerts", "Slow responses"),
        ("/channels/ch-ops-email/delete", "/channels", "Ops team"),
        ("/api-keys/key-grafana/delete", "/api-keys", "Grafana read-only"),
        ("/users/u-mike/deactivate", "/users", "Mike Johnson"),
        ("/logout", "/servers", "John Davis"),
    ];

    [BrowserFact]
    public async Task FormsPostedFromAnotherOriginOfTheSameSite_AreRefused_AndChangeNothing()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var attacker = await AttackerSite.StartAsync(app.BaseUrl, Attacks.Select(attack => attack.Action));
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        var before = await page.GotoAsync("/users");
        before!.Status.Should().Be(200);
        var mikeActiveBefore = await page.Locator("tr", new() { HasText = "Mike Johnson" }).InnerTextAsync();

        foreach (var (action, _, _) in Attacks)
        {
            var landed = page.WaitForResponseAsync(response => response.Url == app.BaseUrl + action);
            await page.GotoAsync(attacker.PageUrl(action));
            var response = await landed;
            response.Status.Should().Be((int)HttpStatusCode.BadRequest, $"a POST to {action} without the antiforgery token must be refused");
        }

        // Still signed in (the sign-out was refused), and every object the attacks named is still there.
        foreach (var (_, target, stillShown) in Attacks)
        {
            await page.GotoAsync(target);
            await Expect(page.GetByTestId("current-user")).ToBeVisibleAsync();
            await Expect(page.Locator("body")).ToContainTextAsync(stillShown, new() { Timeout = 5_000 });
        }

        await page.GotoAsync("/users");
        (await page.Locator("tr", new() { HasText = "Mike Johnson" }).InnerTextAsync()).Should().Be(mikeActiveBefore, "the deactivation was refused");
    }

    /// <summary>A second Kestrel app on the same loopback address whose pages auto-submit a form to the console.</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private AttackerSite(WebApplication app) => _app = app;

        private string BaseUrl => _app.Urls.Single().TrimEnd('/');

        public static async Task<AttackerSite> StartAsync(string target, IEnumerable<string> actions)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            foreach (var action in actions)
            {
                app.MapGet("/attack" + action, () => Results.Content(
                    $"""
                    <!doctype html><html><body>
                    <form id="f" method="post" action="{target}{action}"><input type="hidden" name="x" value="1"></form>
                    <script>document.getElementById('f').submit();</script>
                    </body></html>
                    """,
                    "text/html"));
            }

            await app.StartAsync();
            return new AttackerSite(app);
        }

        public string PageUrl(string action) => BaseUrl + "/attack" + action;

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
