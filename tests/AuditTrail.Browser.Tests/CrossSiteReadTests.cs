using System.Net;
using AuditTrail.Browser.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// A page on another origin of the same site sends a signed-in admin to the audit API's export (a top-level navigation,
/// which carries the <c>SameSite=Lax</c> session cookie): no "exported" record may be written in the admin's name.
/// </summary>
public sealed class CrossSiteReadTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task ALinkFromAnotherSiteToTheExport_IsRefused_AndRecordsNoExportInTheAdminsName()
    {
        await using var app = await ConsoleApp.StartAsync();
        var target = app.BaseUrl + "/audit/api/export.csv?q=salary";
        await using var attacker = await LinkingSite.StartAsync(target);
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        var exportsBefore = await ExportsAsync(app);

        var landed = page.WaitForResponseAsync(response => response.Url == target);
        await page.GotoAsync(attacker.PageUrl, new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Commit });
        var response = await landed;

        response.Status.Should().Be((int)HttpStatusCode.Forbidden, "a navigation another site started must not export in the admin's name");
        (await response.TextAsync()).Should().Contain("Sec-Fetch-Site is 'same-site'");
        (await ExportsAsync(app)).Should().Be(exportsBefore);
    }

    private static async Task<int> ExportsAsync(ConsoleApp app)
    {
        var count = 0;
        await foreach (var _ in app.Services.GetRequiredService<IAuditReader>().StreamAsync(AuditViewer.Admin("inspector"), new AuditQuery { Actions = [AuditActions.AuditExported] }))
        {
            count++;
        }

        return count;
    }

    /// <summary>A second Kestrel app on the same loopback address whose page navigates to the target.</summary>
    private sealed class LinkingSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LinkingSite(WebApplication app) => _app = app;

        public string PageUrl => _app.Urls.Single().TrimEnd('/') + "/link";

        public static async Task<LinkingSite> StartAsync(string target)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.MapGet("/link", () => Results.Content(
                $"""
                <!doctype html><html><body>
                <a id="a" href="{target}">Quarterly report</a>
                <script>document.getElementById('a').click();</script>
                </body></html>
                """,
                "text/html"));
            await app.StartAsync();
            return new LinkingSite(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
