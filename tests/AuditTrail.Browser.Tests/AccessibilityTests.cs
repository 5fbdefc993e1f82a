using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>WCAG 2.1 AA by axe-core on each view, the whole page by keyboard alone, and the dark theme.</summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Axe_FindsNoViolation_InTheTableOrTheReviewTab()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();
        await Expect(page.GetByTestId("audit-tabs")).ToBeVisibleAsync();
        await session.CheckViewAsync("table");

        await session.OpenReviewTabAsync();
        await session.CheckViewAsync("review-tab");
    }

    [BrowserFact]
    public async Task Axe_FindsNoViolation_OnAnyPageOfTheConsole()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await page.GotoAsync("/login");
        await Accessibility.ShouldHaveNoViolationsAsync(page, "/login");
        await session.SignInAsync("sarah");

        foreach (var path in new[] { "/servers", "/servers/srv-web-01", "/alerts", "/alerts/rule-latency", "/channels", "/channels/ch-ops-email", "/users", "/api-keys", "/account" })
        {
            await page.GotoAsync(path);
            await Accessibility.ShouldHaveNoViolationsAsync(page, path);
        }

        // The role of each user is its own control: a unique id and a name that says whose role it is.
        await page.GotoAsync("/users");
        var ids = await page.GetByTestId("user-role").EvaluateAllAsync<string[]>("selects => selects.map(select => select.id)");
        ids.Should().OnlyHaveUniqueItems().And.NotContain("role");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Role of Mike Johnson" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Keyboard_Alone_FiltersOpensARecordClosesItAndReachesTheReview()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await page.GetByTestId("audit-zone").FocusAsync();

        // Tab through the header and filters to the action type and pick one with the keyboard.
        await TabToAsync(page, "audit-filter-type");
        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("ArrowDown"));
        await Expect(page.GetByTestId("audit-filter-type")).Not.ToHaveValueAsync(string.Empty);

        // On to "More filters", opened with Enter, then onwards to the first row.
        await TabToAsync(page, "audit-more");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("audit-more-filters")).ToBeVisibleAsync();
        await TabToAsync(page, "audit-row");
        var row = session.AuditRows.First;
        await Expect(row).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Details).ToBeVisibleAsync();
        await TabToAsync(page, "audit-details-close");
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(row).ToBeFocusedAsync();

        // Back up to the tabs with Shift+Tab, and the Review tab with the arrow keys.
        await TabToAsync(page, "audit-tab-log", backwards: true);
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(page.GetByTestId("audit-tab-review")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("audit-review")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Keyboard_EnterOnLoadMore_KeepsTheFocusOnIt_AndOnTheLastPageMovesItToTheFirstNewRow()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");

        // The seeded fortnight holds more than two pages of 50 for all time.
        await session.OpenAuditAsync("?range=all");
        var loadMore = page.GetByTestId("audit-load-more");
        await loadMore.FocusAsync();
        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));
        await Expect(session.AuditRows).ToHaveCountAsync(100);
        await Expect(loadMore).ToBeFocusedAsync();

        // Page on to the end: the button goes away and the focus lands on the first row of the last page.
        while (await loadMore.IsVisibleAsync())
        {
            var before = await session.AuditRows.CountAsync();
            await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));
            if (await loadMore.IsVisibleAsync())
            {
                await Expect(loadMore).ToBeFocusedAsync();
                continue;
            }

            await Expect(session.AuditRows.Nth(before)).ToBeFocusedAsync();
        }
    }

    [BrowserFact]
    public async Task ScreenReader_HearsWhatAFilterFound_InALiveRegion()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();

        var announce = page.GetByTestId("audit-announce");
        await Expect(announce).ToHaveAttributeAsync("role", "status");
        await Expect(announce).ToHaveTextAsync("50 records shown, more to load");

        await page.GetByTestId("audit-search").FillAsync("no-such-text-anywhere");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-search").PressAsync("Enter"));
        await Expect(announce).ToHaveTextAsync("No audit events match these filters.");

        await session.OpenAuditAsync("?action=auth.logout&user=u-mike&range=all");
        var rows = await session.AuditRows.CountAsync();
        await Expect(announce).ToHaveTextAsync(rows + " records shown");
    }

    [BrowserFact]
    public async Task Axe_FindsNoViolation_InAnEmptyResult_OrTheGermanDetailsPanel()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, locale: "de-DE");
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync("?range=all&q=no-such-text-anywhere");
        await Expect(page.GetByTestId("audit-empty")).ToBeVisibleAsync();
        await session.CheckViewAsync("empty-german");

        await session.OpenAuditAsync("?action=agent.installed&range=all");
        await session.AuditRows.First.ClickAsync();
        await Expect(session.Details.GetByTestId("audit-detail-metadata")).ToBeVisibleAsync();
        await session.CheckViewAsync("details-german");
    }

    [BrowserFact]
    public async Task DarkColorScheme_SwitchesTheThemeProperties()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var light = await browser.OpenAsync(app);
        await light.SignInAsync("john");
        await light.OpenAuditAsync();
        await using var dark = await browser.OpenAsync(app, colorScheme: ColorScheme.Dark);
        await dark.SignInAsync("john");
        await dark.OpenAuditAsync();

        const string Read = "app => [getComputedStyle(app).getPropertyValue('--audit-panel').trim(), getComputedStyle(app.querySelector('.table-wrap')).backgroundColor]";
        var lightValues = await light.AuditApp.EvaluateAsync<string[]>(Read);
        var darkValues = await dark.AuditApp.EvaluateAsync<string[]>(Read);

        lightValues.Should().Equal("#ffffff", "rgb(255, 255, 255)");
        darkValues.Should().Equal("#1b2129", "rgb(27, 33, 41)");
        await dark.CheckViewAsync("table-dark");
    }

    /// <summary>Presses Tab (or Shift+Tab) until the element with this test id has the focus, at most 80 times.</summary>
    private static async Task TabToAsync(IPage page, string testId, bool backwards = false)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await page.EvaluateAsync<bool>("id => document.activeElement?.getAttribute('data-testid') === id", testId))
            {
                return;
            }

            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        var last = await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName");
        throw new Xunit.Sdk.XunitException($"'{testId}' was not reached with the keyboard in 80 presses; the focus ended on '{last}'.");
    }
}
