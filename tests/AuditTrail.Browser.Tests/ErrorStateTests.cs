using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>What the page shows when an answer fails or a record is missing: nothing stale, the address in step, the focus kept.</summary>
public sealed class ErrorStateTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task FilterAnsweredWithAnError_HidesLoadMoreOfThePreviousList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=all");
        await Expect(page.GetByTestId("audit-load-more")).ToBeVisibleAsync();

        await page.GetByTestId("audit-more").ClickAsync();
        await page.GetByTestId("audit-filter-ip").FillAsync("not-an-ip");
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("audit-filter-ip").PressAsync("Enter"), response => response.Url.Contains("/audit/api/events?", StringComparison.Ordinal));

        await Expect(session.AuditApp).ToHaveAttributeAsync("data-state", "error");
        await Expect(page.GetByTestId("audit-status")).ToContainTextAsync("'ip'");
        await Expect(session.AuditRows).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("audit-load-more")).ToBeHiddenAsync();
        await session.CheckViewAsync("list-error");
    }

    [BrowserFact]
    public async Task ChartAnsweredWithAnError_KeepsNoNumbersOfThePreviousFilters()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=30d");
        var chart = page.GetByTestId("audit-activity");
        await Expect(chart).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.GetByTestId("audit-activity-table").Locator("tr")).Not.ToHaveCountAsync(0);

        await page.RouteAsync("**/audit/api/histogram?**", route => route.FulfillAsync(new() { Status = 500, Body = "{}", ContentType = "application/json" }));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Security"));

        await Expect(chart).ToHaveAttributeAsync("data-state", "error");
        await Expect(page.GetByTestId("audit-activity-summary")).ToHaveTextAsync("The activity chart could not be loaded.");
        await Expect(page.GetByTestId("audit-activity-table").Locator("tr")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("audit-activity-legend").Locator("li")).ToHaveCountAsync(0);
        await session.CheckViewAsync("chart-error");
    }

    [BrowserFact]
    public async Task MissingRecordInALink_ClosedWithEscape_LeavesTheAddressAndKeepsTheFocusOnTheList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?type=Authentication&event=no-such-record");
        await Expect(session.Details).ToContainTextAsync("This record could not be loaded.");
        await Expect(page.GetByTestId("audit-details-title")).ToBeFocusedAsync();
        await session.CheckViewAsync("details-missing");

        await page.Keyboard.PressAsync("Escape");

        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/audit\?type=Authentication$"));
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task RecordOpenedByALinkButNotInTheList_ClosedWithEscape_GivesTheFocusToTheList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?type=Security");
        var securityRecord = (await session.RowIdsAsync())[0];

        await session.OpenAuditAsync("?type=Authentication&event=" + securityRecord);
        await Expect(session.Details).ToHaveAttributeAsync("data-event-id", securityRecord);
        await page.Keyboard.PressAsync("Escape");

        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task ForbiddenAndServerErrors_AreShownAsPlainMessages_WithoutTheResponseBody()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        var status = page.GetByTestId("audit-status");

        await page.RouteAsync("**/audit/api/events?**", route => route.FulfillAsync(new()
        {
            Status = 403,
            ContentType = "application/problem+json",
            Body = """{"title":"Forbidden","status":403,"detail":"Only admins may read other tenants' records."}""",
        }));
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Security"), response => response.Url.Contains("/audit/api/events?", StringComparison.Ordinal));
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-state", "error");
        await Expect(status).ToHaveTextAsync("Only admins may read other tenants' records.");
        await Expect(status).ToHaveAttributeAsync("role", "status");

        await page.UnrouteAsync("**/audit/api/events?**");
        await page.RouteAsync("**/audit/api/events?**", route => route.FulfillAsync(new()
        {
            Status = 500,
            ContentType = "text/html",
            Body = "<html><body><h1>NullReferenceException</h1><pre>at Acme.Secret.Handler() in C:\\src\\Handler.cs:line 42</pre></body></html>",
        }));
        await page.RunAndWaitForResponseAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Create"), response => response.Url.Contains("/audit/api/events?", StringComparison.Ordinal));
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-state", "error");
        await Expect(status).ToHaveTextAsync("The audit logs could not be loaded (HTTP 500).");
        await Expect(session.AuditRows).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("audit-empty")).ToBeHiddenAsync();
        await Accessibility.ShouldHaveNoViolationsAsync(page, "server error");
    }
}
