using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The target-user filter: in "More filters", in the address, in the exports, and as a link in the details panel.</summary>
public sealed class TargetUserFilterTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task TargetUser_NarrowsTheList_IsADeepLink_AndTheDetailsLinkFiltersToIt()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=all");
        (await session.RowAttributeAsync("data-target-user-id")).Should().Contain(value => value.Length == 0, "most records name no target user");

        await page.GetByTestId("audit-more").ClickAsync();
        await page.GetByTestId("audit-filter-target-user").FillAsync("u-mike");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-target-user").PressAsync("Enter"));
        await Expect(page).ToHaveURLAsync(new Regex(@"[?&]targetUser=u-mike(&|$)"));
        var aboutMike = await session.RowIdsAsync();
        (await session.RowAttributeAsync("data-target-user-id")).Should().NotBeEmpty().And.OnlyContain(value => value == "u-mike");
        await Expect(page.GetByTestId("audit-export-csv")).ToHaveAttributeAsync("href", new Regex(@"[?&]targetUser=u-mike(&|$)"));

        await session.ReloadAuditAsync(() => page.ReloadAsync());
        await Expect(page.GetByTestId("audit-filter-target-user")).ToHaveValueAsync("u-mike");
        (await session.RowIdsAsync()).Should().Equal(aboutMike);

        // From a record about someone (a shared link to it): the link in the details panel shows every record about them.
        await session.OpenAuditAsync("?range=all&event=" + aboutMike[0]);
        await Expect(page.GetByTestId("audit-filter-target-user")).ToHaveValueAsync(string.Empty);
        await Expect(session.Details.GetByTestId("audit-detail-target")).ToContainTextAsync("u-mike");
        await session.ReloadAuditAsync(() => session.Details.GetByTestId("audit-detail-target-link").ClickAsync());
        await Expect(page.GetByTestId("audit-filter-target-user")).ToHaveValueAsync("u-mike");
        (await session.RowAttributeAsync("data-target-user-id")).Should().NotBeEmpty().And.OnlyContain(value => value == "u-mike");
    }
}
