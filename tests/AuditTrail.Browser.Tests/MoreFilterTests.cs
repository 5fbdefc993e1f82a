using System.Text.Json;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>Every filter of the API in the page, the quick views, and the export links carrying the filters on screen.</summary>
public sealed class MoreFilterTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task OutcomeActionResourceAndIp_NarrowTheList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=all");
        await page.GetByTestId("audit-more").ClickAsync();
        await Expect(page.GetByTestId("audit-more")).ToHaveAttributeAsync("aria-expanded", "true");
        await session.CheckViewAsync("filters-open");

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-outcome").SelectOptionAsync("Failure"));
        (await session.RowAttributeAsync("data-outcome")).Should().NotBeEmpty().And.OnlyContain(outcome => outcome == "Failure");

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-outcome").SelectOptionAsync(string.Empty));
        await page.GetByTestId("audit-filter-action").FillAsync("agent.installed");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-action").PressAsync("Enter"));
        (await session.RowAttributeAsync("data-action")).Should().NotBeEmpty().And.OnlyContain(action => action == "agent.installed");

        await page.GetByTestId("audit-filter-resource-type").FillAsync("server");
        await page.GetByTestId("audit-filter-resource-id").FillAsync("srv-web-02");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-resource-id").PressAsync("Enter"));
        (await session.RowAttributeAsync("data-resource-id")).Should().NotBeEmpty().And.OnlyContain(id => id == "srv-web-02");

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-clear").ClickAsync());
        var ip = (await session.RowAttributeAsync("data-source-ip")).First(value => value.Length > 0);
        await page.GetByTestId("audit-filter-ip").FillAsync(ip);
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-ip").PressAsync("Enter"));
        (await session.RowAttributeAsync("data-source-ip")).Should().NotBeEmpty().And.OnlyContain(value => value == ip);
    }

    [BrowserFact]
    public async Task QuickViews_SetTheirFilters()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-quick-security").ClickAsync());
        (await session.RowAttributeAsync("data-action-type")).Should().NotBeEmpty().And.OnlyContain(type => type == "Security");

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-quick-last-day").ClickAsync());
        await Expect(page.GetByTestId("audit-filter-range")).ToHaveValueAsync("24h");
        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync("Security");

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-quick-server").ClickAsync());
        await Expect(page.GetByTestId("audit-filter-resource-id")).ToBeFocusedAsync();
        (await session.RowAttributeAsync("data-resource-type")).Should().NotBeEmpty().And.OnlyContain(type => type == "server");
        await page.Keyboard.TypeAsync("srv-web-03");
        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));
        (await session.RowAttributeAsync("data-resource-id")).Should().NotBeEmpty().And.OnlyContain(id => id == "srv-web-03");
    }

    [BrowserFact]
    public async Task ExportLinks_CsvJsonLinesAndOcsf_HoldExactlyTheFilteredRecords()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=all&type=Create&user=u-john");
        var onScreen = await session.RowIdsAsync();
        onScreen.Should().NotBeEmpty();

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export-csv").ClickAsync());
        csv.SuggestedFilename.Should().MatchRegex(@"^audit-\d{8}T\d{6}Z\.csv$");
        AuditTrail.Conformance.Support.Rfc4180.Records(await File.ReadAllTextAsync(await csv.PathAsync())).Select(row => row["Id"]).Should().Equal(onScreen);

        var jsonl = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export-jsonl").ClickAsync());
        (await File.ReadAllLinesAsync(await jsonl.PathAsync())).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()).Should().Equal(onScreen);

        var ocsf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export-ocsf").ClickAsync());
        ocsf.SuggestedFilename.Should().EndWith(".ocsf.jsonl");
        (await File.ReadAllLinesAsync(await ocsf.PathAsync())).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("metadata").GetProperty("uid").GetString()).Should().Equal(onScreen);
        (await page.GetByTestId("audit-export-ocsf").GetAttributeAsync("href")).Should().Contain("type=Create").And.Contain("user=u-john");
    }
}
