using AuditTrail.Conformance.Support;
using System.Globalization;
using System.Text.Json;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The viewer's filters, search box and export, driven as an admin.</summary>
public sealed class AuditFilterTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Filters_ByUserActionTypeAndTimeRange_ChangeTheList()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        var unfiltered = await session.RowIdsAsync();
        (await session.RowAttributeAsync("data-actor-id")).Distinct().Should().HaveCountGreaterThan(2, "the seeded history has several users");

        // User.
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-user").SelectOptionAsync("u-sarah"));
        var sarahs = await session.RowAttributeAsync("data-actor-id");
        sarahs.Should().NotBeEmpty().And.OnlyContain(actor => actor == "u-sarah");
        (await session.RowIdsAsync()).Should().NotEqual(unfiltered);

        // Action type (all users again).
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-user").SelectOptionAsync(string.Empty));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Delete"));
        var types = await session.RowAttributeAsync("data-action-type");
        types.Should().NotBeEmpty().And.OnlyContain(type => type == "Delete");
        (await session.RowIdsAsync()).Should().NotEqual(unfiltered);

        // Time range: the last 24 hours, then a custom window eight to ten days back.
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync(string.Empty));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("24h"));
        var now = DateTimeOffset.UtcNow;
        var lastDay = await session.RowIdsAsync();
        lastDay.Should().NotBeEmpty();
        (await session.RowTimesAsync()).Should().OnlyContain(time => time >= now.AddHours(-24).AddMinutes(-5));

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("custom"));
        var from = now.AddDays(-10);
        var to = now.AddDays(-8);
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-from").FillAsync(from.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-to").FillAsync(to.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)));
        var window = await session.RowTimesAsync();
        window.Should().NotBeEmpty().And.OnlyContain(time => time >= from.AddMinutes(-1) && time < to.AddMinutes(1));
        (await session.RowIdsAsync()).Should().NotIntersectWith(lastDay);
    }

    [BrowserFact]
    public async Task SearchBox_FindsAnEntryByResourceName()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await page.GotoAsync("/servers");
        var form = page.GetByTestId("add-server");
        await form.Locator("#name").FillAsync("edge-proxy-7");
        await form.Locator("#host").FillAsync("10.0.12.7");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Added.");

        await session.OpenAuditAsync();
        (await session.RowIdsAsync()).Count.Should().BeGreaterThan(1);
        await page.GetByTestId("audit-search").FillAsync("edge-proxy-7");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-search").PressAsync("Enter"));

        await Expect(session.AuditRows).ToHaveCountAsync(1);
        var row = session.AuditRows.First;
        await Expect(row.Locator(".resource-name")).ToHaveTextAsync("edge-proxy-7");
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("Added server edge-proxy-7 (10.0.12.7)");
        await Expect(row).ToHaveAttributeAsync("data-action", "server.created");
    }

    [BrowserFact]
    public async Task Export_DownloadsACsvWhoseRowsAreExactlyTheFilteredEntries()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("all"));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Create"));
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-user").SelectOptionAsync("u-john"));
        var onScreen = await session.RowIdsAsync();
        onScreen.Should().NotBeEmpty();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("audit-export-csv").ClickAsync());
        download.SuggestedFilename.Should().MatchRegex(@"^audit-\d{8}T\d{6}Z\.csv$");
        var rows = Rfc4180.Records(await File.ReadAllTextAsync(await download.PathAsync()));

        // The API's list for the very filters the export used (its URL is on the link).
        var exportUrl = new Uri(new Uri(page.Url), await page.GetByTestId("audit-export-csv").GetAttributeAsync("href") ?? string.Empty);
        var response = await page.APIRequest.GetAsync($"/audit/api/events{exportUrl.Query}&limit=1000");
        response.Ok.Should().BeTrue();
        using var json = JsonDocument.Parse(await response.TextAsync());
        var listed = json.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();

        rows.Select(row => row["Id"]).Should().Equal(listed, "the export holds exactly the entries the list holds, in the same order");
        rows.Select(row => row["Id"]).Should().Equal(onScreen, "and they are the entries on screen");
        rows.Should().OnlyContain(row => row["User Id"] == "u-john" && row["Action Type"] == "Create");
    }
}
