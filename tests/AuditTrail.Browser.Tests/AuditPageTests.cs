using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The audit page as an admin sees it after using the console.</summary>
public sealed class AuditPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task AdminChangesLoadMultiplier_AuditPageShowsTheChangeWithNameIpAndRelativeTime()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");

        await page.GotoAsync("/servers");
        await page.GetByTestId("server-row").Filter(new() { HasText = "db-01" }).GetByTestId("server-name").ClickAsync();
        await Expect(page.Locator("#load_multiplier")).ToHaveValueAsync("1.0");
        await page.Locator("#load_multiplier").FillAsync("1.5");
        await page.GetByTestId("save-server").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Changes saved.");

        await session.OpenAuditAsync();
        var row = session.AuditRows
            .Filter(new() { HasText = "Changed load_multiplier from 1.0 to 1.5" })
            .Filter(new() { Has = page.GetByTestId("audit-cell-resource").GetByText("db-01", new() { Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("audit-cell-user")).ToHaveTextAsync(new Regex("John Davis"));
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("Updated server");
        await Expect(row.GetByTestId("audit-cell-ip")).ToHaveTextAsync("127.0.0.1");
        await Expect(row.GetByTestId("audit-cell-time")).ToHaveTextAsync(new Regex(@"^(Today|Yesterday), \d{1,2}:\d{2} [AP]M$"));
        await Expect(row).ToHaveAttributeAsync("data-actor-id", "u-john");
    }

    [BrowserFact]
    public async Task LoadMore_AppendsTheNextPageWithoutDuplicatesInTimeOrder()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();

        // The seeded fortnight holds more than one page (50 rows) for the default "Last 7 days".
        await Expect(session.AuditRows).ToHaveCountAsync(50);
        var firstPage = await session.RowIdsAsync();
        await Expect(session.Page.GetByTestId("audit-load-more")).ToBeVisibleAsync();

        await session.ReloadAuditAsync(() => session.Page.GetByTestId("audit-load-more").ClickAsync());

        var ids = await session.RowIdsAsync();
        ids.Count.Should().BeGreaterThan(50);
        ids.Take(50).Should().Equal(firstPage, "the first page stays as it was");
        ids.Should().OnlyHaveUniqueItems();
        ids.Skip(50).Should().NotIntersectWith(firstPage);
        (await session.RowTimesAsync()).Should().BeInDescendingOrder();
    }

    [BrowserFact]
    public async Task AuditPage_WithJavaScriptOff_SaysThatItNeedsJavaScript()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, javaScriptEnabled: false);
        await session.SignInAsync("sarah");
        await session.Page.GotoAsync("/audit");

        var notice = session.Page.GetByTestId("audit-noscript");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("needs JavaScript");
        await Expect(session.AuditApp).Not.ToHaveAttributeAsync("data-state", "ready");
    }

    [BrowserFact]
    public async Task AuditPage_ScreenshotIsSavedAsAnArtifact()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        await session.SignInAsync("john");
        var folder = Artifacts.Folder("screenshots");
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "servers-page.png"), FullPage = true });
        await session.Page.GotoAsync("/servers/srv-db-01");
        await session.Page.Locator("#load_multiplier").FillAsync("1.5");
        await session.Page.GetByTestId("save-server").ClickAsync();
        await Expect(session.Page.GetByTestId("notice")).ToHaveTextAsync("Changes saved.");
        await session.OpenAuditAsync();
        var changed = session.AuditRows.Filter(new() { HasText = "Changed load_multiplier from 1.0 to 1.5" }).First;
        await Expect(changed).ToBeVisibleAsync();

        // The README's picture (docs/images/audit-page.png is refreshed from this file): the list with a record open.
        await changed.ClickAsync();
        await Expect(session.Details.GetByTestId("audit-detail-changes")).ToBeVisibleAsync();
        await session.Page.Mouse.MoveAsync(0, 0);

        var path = Path.Combine(folder, "audit-page.png");
        File.Delete(path);
        await session.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });

        var bytes = await File.ReadAllBytesAsync(path);
        bytes.Should().StartWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "a PNG file");
        bytes.Length.Should().BeGreaterThan(20_000, "a page full of rows, not a blank one");
    }
}
