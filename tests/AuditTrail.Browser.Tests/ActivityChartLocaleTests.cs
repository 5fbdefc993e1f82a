using System.Globalization;
using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The activity chart speaks the viewer's language: every string it shows comes from the one string table.</summary>
public sealed class ActivityChartLocaleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] GermanTypes = ["Anmelden/Abmelden", "Anlegen", "Ändern", "Löschen", "Sicherheit", "Zugriff"];

    [BrowserFact]
    public async Task Chart_InGerman_HasGermanSummaryLegendBarsAxisAndTable()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, locale: "de-DE", timezoneId: "Europe/Berlin");
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await Expect(page.GetByTestId("audit-activity")).ToHaveAttributeAsync("data-state", "ready");

        await Expect(page.GetByTestId("audit-activity-summary")).ToHaveTextAsync(new Regex(@"^Aktivität: [\d.]+ Ereignisse? pro Tag, nach Aktionstyp gestapelt$"));
        await Expect(page.GetByTestId("audit-activity-svg")).ToHaveAttributeAsync("aria-label", new Regex("^Aktivität: "));
        await Expect(page.GetByTestId("audit-activity-legend")).ToHaveAttributeAsync("aria-label", "Aktionstypen");
        var legend = await page.GetByTestId("audit-activity-legend").Locator("li").AllTextContentsAsync();
        legend.Should().NotBeEmpty().And.OnlyContain(text => GermanTypes.Contains(text));

        // Each bar's accessible name and tooltip: a German date, German counts and the German action.
        var bar = page.Locator("[data-testid=audit-activity-bar]:not([data-total='0'])").Last;
        var name = await bar.GetAttributeAsync("aria-label");
        name.Should().MatchRegex(@"^\d{1,2}\. \S+ \d{4}: [\d.]+ Ereignisse?( \(.+\))?\. Diesen Tag zeigen\.$");
        (await bar.Locator("title").TextContentAsync()).Should().Be(name);
        (await page.Locator(".activity-axis").AllTextContentsAsync()).Should().HaveCount(2).And.OnlyContain(text => Regex.IsMatch(text, @"^\d{1,2}\. \S+ \d{4}$"));

        // The hidden table for screen readers.
        var headers = await page.GetByTestId("audit-activity-table").Locator("th[scope=col]").AllTextContentsAsync();
        headers.Should().Equal(["Zeitraum", "Ereignisse", .. GermanTypes]);
        (await page.GetByTestId("audit-activity-table").Locator("caption").TextContentAsync()).Should().StartWith("Aktivität: ");

        // An hour: the hourly strings.
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("24h"));
        await Expect(page.GetByTestId("audit-activity-summary")).ToContainTextAsync("pro Stunde");
        (await page.GetByTestId("audit-activity-bar").Last.GetAttributeAsync("aria-label")).Should().EndWith("Diese Stunde zeigen.");
        await session.CheckViewAsync("activity-chart-german");
    }

    [BrowserFact]
    public async Task DayBars_WestOfUtc_AreNamedByTheUtcDayTheyCount()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, timezoneId: "America/New_York");
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync("?range=30d");
        await Expect(page.GetByTestId("audit-activity")).ToHaveAttributeAsync("data-state", "ready");

        // A day bucket is a UTC day (00:00Z to 00:00Z); in New York it starts at 7 PM the evening before.
        var bars = await page.GetByTestId("audit-activity-bar").EvaluateAllAsync<string[][]>("bars => bars.map(bar => [bar.getAttribute('data-start'), bar.getAttribute('aria-label')])");
        bars.Should().NotBeEmpty();
        foreach (var bar in bars)
        {
            var day = DateTimeOffset.Parse(bar[0], CultureInfo.InvariantCulture).UtcDateTime.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
            bar[1].Should().StartWith(day + ":", "the bar starting at {0} counts that UTC day", bar[0]);
        }

        var first = DateTimeOffset.Parse(bars[0][0], CultureInfo.InvariantCulture).UtcDateTime.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
        await Expect(page.Locator(".activity-axis").First).ToHaveTextAsync(first);
    }
}
