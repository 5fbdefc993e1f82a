using System.Globalization;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The activity chart above the table: drawn from api/histogram, redrawn with the filters, narrowing the time range by click or keyboard.</summary>
public sealed class ActivityChartTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Chart_ShowsStackedBarsWithLegendAndTextAlternative_AndFollowsTheFilters()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();

        var chart = page.GetByTestId("audit-activity");
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-activity-summary")).ToContainTextAsync("per day");
        await Expect(page.GetByTestId("audit-activity-bar")).ToHaveCountAsync(8);
        await Expect(page.GetByTestId("audit-activity-svg")).ToHaveAttributeAsync("role", "group");
        (await page.Locator("[data-testid=audit-activity-bar] rect.activity-segment").CountAsync()).Should().BeGreaterThan(0);
        (await page.GetByTestId("audit-activity-legend").Locator("li").CountAsync()).Should().BeGreaterThan(1, "the seeded week has several action types");
        (await page.GetByTestId("audit-activity-table").Locator("tr").CountAsync()).Should().BeGreaterThan(1, "the hidden table holds a row per non-empty period");
        var label = await page.GetByTestId("audit-activity-bar").Last.GetAttributeAsync("aria-label");
        label.Should().MatchRegex("events?.*Show this day\\.$");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screenshots"), "activity-chart.png"), FullPage = true });

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Delete"));
        await Expect(page.GetByTestId("audit-activity-legend").Locator("li")).ToHaveTextAsync(["Delete"]);

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("24h"));
        await Expect(page.GetByTestId("audit-activity-summary")).ToContainTextAsync("per hour");
        await Expect(page.GetByTestId("audit-activity-bar")).ToHaveCountAsync(25);
    }

    [BrowserFact]
    public async Task Bar_ClickedOrActivatedByKeyboard_NarrowsTheListToItsBucket()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        var busy = page.Locator("[data-testid=audit-activity-bar]:not([data-total='0'])");
        await Expect(busy.First).ToBeVisibleAsync();

        // Click: the busiest recent day.
        var day = busy.Last;
        var (start, end) = await BoundsAsync(day);
        await session.ReloadAuditAsync(() => day.ClickAsync());
        await Expect(page.GetByTestId("audit-filter-range")).ToHaveValueAsync("custom");
        (await session.RowTimesAsync()).Should().NotBeEmpty().And.OnlyContain(time => time >= start && time < end);
        await Expect(page.GetByTestId("audit-activity-summary")).ToContainTextAsync("per hour");

        // Keyboard: an hour within that day, focused and activated with Enter.
        var hour = busy.First;
        await Expect(hour).ToHaveAttributeAsync("tabindex", "0");
        (start, end) = await BoundsAsync(hour);
        await hour.FocusAsync();
        await session.ReloadAuditAsync(() => page.Keyboard.PressAsync("Enter"));
        (await session.RowTimesAsync()).Should().NotBeEmpty().And.OnlyContain(time => time >= start && time < end);
    }

    [BrowserFact]
    public async Task Bars_AreOneTabStop_TheArrowKeysMoveBetweenThem()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        var bars = page.GetByTestId("audit-activity-bar");
        await Expect(bars).ToHaveCountAsync(8);
        await Expect(page.Locator("[data-testid=audit-activity-bar][tabindex='0']")).ToHaveCountAsync(1);

        var first = page.Locator("[data-testid=audit-activity-bar][tabindex='0']");
        var index = await first.EvaluateAsync<int>("bar => Array.from(bar.parentNode.querySelectorAll('.activity-bar')).indexOf(bar)");
        await first.FocusAsync();
        await page.Keyboard.PressAsync(index < 7 ? "ArrowRight" : "ArrowLeft");
        var moved = bars.Nth(index < 7 ? index + 1 : index - 1);
        await Expect(moved).ToBeFocusedAsync();
        await Expect(moved).ToHaveAttributeAsync("tabindex", "0");
        await Expect(page.Locator("[data-testid=audit-activity-bar][tabindex='0']")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("End");
        await Expect(bars.Last).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(bars.First).ToBeFocusedAsync();

        // Tab leaves the chart at once: the next stop is past the last bar.
        await page.Keyboard.PressAsync("Tab");
        (await page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('data-testid')")).Should().NotBe("audit-activity-bar");
    }

    private static async Task<(DateTimeOffset Start, DateTimeOffset End)> BoundsAsync(Microsoft.Playwright.ILocator bar) =>
        (DateTimeOffset.Parse((await bar.GetAttributeAsync("data-start"))!, CultureInfo.InvariantCulture),
         DateTimeOffset.Parse((await bar.GetAttributeAsync("data-end"))!, CultureInfo.InvariantCulture));

    [BrowserFact]
    public async Task CustomRangeWiderThanTheApisBuckets_DrawsItsLast200Days_AndSaysSo()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        var from = DateTimeOffset.UtcNow.AddDays(-300);
        await session.OpenAuditAsync("?range=custom&from=" + from.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

        // api/histogram answers at most 200 buckets; the chart asks for the last 200 days of the range, not for all 300.
        var chart = page.GetByTestId("audit-activity");
        await Expect(chart).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.GetByTestId("audit-activity-summary")).ToContainTextAsync("last 200 days");
        var bars = page.GetByTestId("audit-activity-bar");
        (await bars.CountAsync()).Should().BeInRange(199, 200);
        var firstStart = DateTimeOffset.Parse((await bars.First.GetAttributeAsync("data-start"))!, CultureInfo.InvariantCulture);
        firstStart.Should().BeAfter(from).And.BeAfter(DateTimeOffset.UtcNow.AddDays(-201));
        (await page.GetByTestId("audit-activity-table").Locator("tr").CountAsync()).Should().BeGreaterThan(1, "the seeded two weeks are inside the last 200 days");
        await session.CheckViewAsync("activity-chart-clipped");
    }
}
