using System.Globalization;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>WCAG 1.4.10: at 320 CSS pixels (a 1280 px window at 400 %) the page scrolls only vertically; the data table may scroll in its own box.</summary>
public sealed class ReflowTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string PageWidth = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]";

    [BrowserFact]
    public async Task NarrowViewport_WithChartCustomRangeAndMoreFilters_HasNoHorizontalScroll()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await page.SetViewportSizeAsync(320, 800);
        var from = DateTimeOffset.UtcNow.AddDays(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await session.OpenAuditAsync("?range=custom&from=" + from);
        await Expect(page.GetByTestId("audit-activity")).ToHaveAttributeAsync("data-state", "ready");
        await page.GetByTestId("audit-more").ClickAsync();

        var width = await page.EvaluateAsync<int[]>(PageWidth);
        width[0].Should().BeLessThanOrEqualTo(width[1], "nothing but the table's own box scrolls sideways at 320 px");

        await session.OpenAuditAsync("?range=all");
        await session.AuditRows.First.ClickAsync();
        await Expect(session.Details).ToBeVisibleAsync();
        width = await page.EvaluateAsync<int[]>(PageWidth);
        width[0].Should().BeLessThanOrEqualTo(width[1], "the details panel fits at 320 px as well");
        await session.CheckViewAsync("narrow-320");
    }

    [BrowserFact]
    public async Task DarkColorScheme_GivesTheBrowsersOwnControlsTheDarkScheme()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, colorScheme: ColorScheme.Dark);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=custom&from=2026-03-08T06:00:00.000Z");

        // The date pickers' icons, the drop-down lists and the scroll bars are drawn by the browser: dark on dark without it.
        var scheme = await page.GetByTestId("audit-filter-from").EvaluateAsync<string>("input => getComputedStyle(input).colorScheme");
        scheme.Should().Be("dark");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        scheme = await page.GetByTestId("audit-filter-from").EvaluateAsync<string>("input => getComputedStyle(input).colorScheme");
        scheme.Should().Be("light");
    }
}
