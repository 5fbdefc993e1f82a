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

    [BrowserFact]
    public async Task LongActorName_WrapsInItsColumn_AndTheTimeStaysInViewWithTheDetailsOpen()
    {
        const string LongName = "Maximilian-Alexander-Konstantin-Bartholomew-Wolfgang-Friedrich-von-Hohenzollern";
        await using var app = await ConsoleApp.StartAsync();
        await using var admin = await browser.OpenAsync(app);
        await admin.SignInAsync("sarah");
        await admin.Page.GotoAsync("/users");
        var newUser = admin.Page.GetByTestId("create-user");
        await newUser.Locator("#new-username").FillAsync("max");
        await newUser.Locator("#display_name").FillAsync(LongName);
        await newUser.Locator("#new-password").FillAsync("initial-pass-1");
        await newUser.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(admin.Page.GetByTestId("notice")).ToHaveTextAsync("Created.");
        await using (var max = await browser.OpenAsync(app))
        {
            await max.SignInAsync("max", "initial-pass-1");
        }

        await admin.OpenAuditAsync("?action=auth.login_succeeded&range=24h");
        var row = admin.AuditRows.Filter(new() { HasText = LongName }).First;
        await row.ClickAsync();
        await Expect(admin.Details).ToBeVisibleAsync();

        const string Fits = """
            wrap => {
              const time = wrap.querySelector('[data-testid=audit-cell-time]').getBoundingClientRect();
              const box = wrap.getBoundingClientRect();
              const name = wrap.querySelector('[data-testid=audit-cell-user] .user-name').getBoundingClientRect();
              const action = wrap.querySelector('[data-testid=audit-cell-action]').getBoundingClientRect();
              return wrap.scrollWidth <= wrap.clientWidth && time.right <= box.right && name.right <= action.left;
            }
            """;
        (await admin.Page.Locator(".table-wrap").EvaluateAsync<bool>(Fits)).Should().BeTrue("the table fits beside the open details, Time column included, and the name stays in its own column");
        var select = await admin.Page.GetByTestId("audit-filter-user").BoundingBoxAsync();
        select!.Width.Should().BeLessThan(400, "a long name in the user filter does not stretch the filter row");
    }
}
