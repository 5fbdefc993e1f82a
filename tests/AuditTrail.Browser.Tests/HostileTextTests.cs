using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>Recorded values written to mislead the auditor who reads them: bidi controls and very long names.</summary>
public sealed class HostileTextTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string RightToLeftOverride = "\u202E";

    [BrowserFact]
    public async Task BidiOverrideInAResourceName_IsShownAsAVisibleCode_AndNeverReordersTheViewersOwnText()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await page.GotoAsync("/servers");
        var add = page.GetByTestId("add-server");
        await add.Locator("#name").FillAsync("db" + RightToLeftOverride + "gnp.exe");
        await add.Locator("#host").FillAsync("10.0.0.77");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();

        await session.OpenAuditAsync("?action=server.created&range=24h");
        var row = session.AuditRows.First;
        await Expect(row.GetByTestId("audit-cell-resource")).ToContainTextAsync("db[U+202E]gnp.exe");
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("Added server db[U+202E]gnp.exe (10.0.0.77)");
        await row.ClickAsync();
        var resource = session.Details.GetByTestId("audit-detail-resource");
        await Expect(resource).ToContainTextAsync("(db[U+202E]gnp.exe) History of this resource");

        var text = await session.AuditApp.TextContentAsync();
        text.Should().NotContain(RightToLeftOverride, "no bidi override reaches the page, where it would reverse the text after it");

        // The stored value is unchanged: only the viewer shows the control.
        var response = await page.APIRequest.GetAsync("/audit/api/events/" + await row.GetAttributeAsync("data-event-id"));
        (await response.TextAsync()).Should().Contain("db\\u202Egnp.exe");
    }
}
