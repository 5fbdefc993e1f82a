using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The view in the address: every filter and the search survive a reload or a shared link; Back steps through filter changes.</summary>
public sealed class DeepLinkTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task FilterChanges_AreInTheUrl_ReloadKeepsThem_AndBackStepsThroughThem()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Update"));
        await Expect(page).ToHaveURLAsync(new Regex(@"/audit\?type=Update$"));
        var updates = await session.RowIdsAsync();
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-user").SelectOptionAsync("u-sarah"));
        await page.GetByTestId("audit-search").FillAsync("rule");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-search").PressAsync("Enter"));
        await Expect(page).ToHaveURLAsync(new Regex(@"\?type=Update&user=u-sarah&q=rule$"));
        var narrowed = await session.RowIdsAsync();
        narrowed.Should().NotBeEmpty();

        await session.ReloadAuditAsync(() => page.ReloadAsync());
        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync("Update");
        await Expect(page.GetByTestId("audit-filter-user")).ToHaveValueAsync("u-sarah");
        await Expect(page.GetByTestId("audit-search")).ToHaveValueAsync("rule");
        (await session.RowIdsAsync()).Should().Equal(narrowed);

        await session.ReloadAuditAsync(() => page.GoBackAsync());
        await Expect(page.GetByTestId("audit-filter-user")).ToHaveValueAsync("u-sarah");
        await Expect(page.GetByTestId("audit-search")).ToHaveValueAsync(string.Empty);
        await session.ReloadAuditAsync(() => page.GoBackAsync());
        await Expect(page.GetByTestId("audit-filter-user")).ToHaveValueAsync(string.Empty);
        (await session.RowIdsAsync()).Should().Equal(updates);
        await session.ReloadAuditAsync(() => page.GoBackAsync());
        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync(string.Empty);
        (await session.RowAttributeAsync("data-action-type")).Should().Contain(type => type != "Update", "every type is listed again");
        await session.ReloadAuditAsync(() => page.GoForwardAsync());
        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync("Update");
    }

    [BrowserFact]
    public async Task UnknownRange_InALink_ShowsTheDefaultRangeInTheControlAndInTheList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");

        var request = await page.RunAndWaitForRequestAsync(
            () => session.OpenAuditAsync("?range=xyz"),
            each => each.Url.Contains("/audit/api/events?", StringComparison.Ordinal));

        await Expect(page.GetByTestId("audit-filter-range")).ToHaveValueAsync("7d");
        new Uri(request.Url).Query.Should().Contain("from=", "the list shows the last 7 days the control names, not every record");
        await Expect(page.GetByTestId("audit-export-csv")).ToHaveAttributeAsync("href", new Regex("from="));

        // With from or to, an unknown range is a custom one.
        await session.OpenAuditAsync("?range=xyz&from=2026-01-01T00:00:00Z");
        await Expect(page.GetByTestId("audit-filter-range")).ToHaveValueAsync("custom");
        await Expect(page.GetByTestId("audit-custom-range")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task ASharedLink_InAnotherSession_ShowsTheSameRowsAndTheOpenRecord()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var first = await browser.OpenAsync(app);
        await first.SignInAsync("sarah");
        await first.OpenAuditAsync("?range=all&resourceType=server&resourceId=srv-web-01&outcome=Success");
        var rows = await first.RowIdsAsync();
        rows.Should().NotBeEmpty();
        (await first.RowAttributeAsync("data-resource-id")).Should().OnlyContain(id => id == "srv-web-01");
        await first.AuditRows.Nth(1).ClickAsync();
        await Expect(first.Details).ToBeVisibleAsync();
        var shared = first.Page.Url;

        await using var second = await browser.OpenAsync(app);
        await second.SignInAsync("sarah");
        await second.ReloadAuditAsync(() => second.Page.GotoAsync(shared));

        (await second.RowIdsAsync()).Should().Equal(rows);
        await Expect(second.Details).ToBeVisibleAsync();
        await Expect(second.Details.GetByTestId("audit-detail-id")).ToHaveTextAsync(rows[1]);
        await Expect(second.Page.GetByTestId("audit-more-filters")).ToBeVisibleAsync();
        await Expect(second.Page.GetByTestId("audit-filter-range")).ToHaveValueAsync("all");
        await Expect(second.Page.GetByTestId("audit-filter-resource-id")).ToHaveValueAsync("srv-web-01");
    }
}
