using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>A keyboard user whose control goes away with the view it changed keeps a place in the log, not the top of the page.</summary>
public sealed class FocusAfterViewChangeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Keyboard_EnterOnALinkInTheDetails_PutsTheFocusOnTheFirstRowOfTheNewList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await OpenFirstRecordWithTheKeyboardAsync(session);
        var link = session.Details.GetByTestId("audit-detail-correlation-link");
        await link.FocusAsync();

        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));

        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(page.GetByTestId("audit-filter-correlation")).Not.ToHaveValueAsync(string.Empty);
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task Keyboard_ShowAllRecords_PutsTheFocusOnTheFirstRowOfTheWholeList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        var ids = (await session.RowIdsAsync()).Take(2);
        await session.OpenAuditAsync("?evidence=" + Uri.EscapeDataString(string.Join(',', ids)));
        await Expect(session.AuditRows).ToHaveCountAsync(2);
        await page.GetByTestId("audit-evidence-clear").FocusAsync();

        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));

        await Expect(page.GetByTestId("audit-evidence")).ToBeHiddenAsync();
        await Expect(session.AuditRows).ToHaveCountAsync(50);
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task Keyboard_EnterOnAFindingsEvidenceLink_PutsTheFocusOnTheFirstEvidenceRow()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await session.OpenReviewTabAsync();
        var link = page.Locator("[data-testid=audit-finding][data-detector=success_after_failures]").GetByTestId("audit-finding-evidence");
        await link.FocusAsync();

        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));

        await Expect(page.GetByTestId("audit-review")).ToBeHiddenAsync();
        await Expect(session.AuditRows).ToHaveCountAsync(13);
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task Keyboard_TimeZoneChangedWithARecordOpen_RedrawsTheRecordAndLeavesTheFocusOnTheZone()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await OpenFirstRecordWithTheKeyboardAsync(session);
        await Expect(session.Details).ToBeVisibleAsync();
        var zone = page.GetByTestId("audit-zone");
        await zone.FocusAsync();

        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("ArrowDown"));

        await Expect(zone).ToHaveValueAsync("utc");
        await Expect(session.Details.GetByTestId("audit-detail-occurred")).ToContainTextAsync("UTC");
        await Expect(zone).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    [BrowserFact]
    public async Task BackWithTheFocusInTheDetails_PutsTheFocusOnTheFirstRowOfThePreviousList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync("?range=all");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Create"));
        await session.AuditRows.First.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("audit-details-title")).ToBeFocusedAsync();

        await session.ReloadAuditAsync(() => page.GoBackAsync());

        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync(string.Empty);
        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(session.AuditRows.First).ToBeFocusedAsync();
    }

    /// <summary>Sarah's records of agent installs, the first opened from the keyboard.</summary>
    private static async Task OpenFirstRecordWithTheKeyboardAsync(BrowserSession session)
    {
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync("?action=agent.installed&range=all");
        await session.AuditRows.First.FocusAsync();
        await session.Page.Keyboard.PressAsync("Enter");
    }
}
