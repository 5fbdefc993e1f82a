using System.Globalization;
using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The viewer in the browser's language and time zone: German in New York, and the UTC/local toggle.</summary>
public sealed class LocaleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [BrowserFact]
    public async Task German_InNewYork_ShowsGermanStringsAndLocalTimes_AndTheToggleShowsUtc()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, locale: "de-DE", timezoneId: "America/New_York");
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page).ToHaveTitleAsync("Audit-Protokoll");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audit-Protokoll");
        await Expect(page.GetByTestId("audit-table").Locator("thead th")).ToHaveTextAsync(["Benutzer", "Aktion", "Ressource", "IP-Adresse", "Zeit"]);
        await Expect(page.GetByTestId("audit-filter-range").Locator("option:checked")).ToHaveTextAsync("Letzte 7 Tage");
        await Expect(page.GetByTestId("audit-search")).ToHaveAttributeAsync("placeholder", "Protokoll durchsuchen\u2026");
        await Expect(page.GetByTestId("audit-load-more")).ToHaveTextAsync("Mehr laden");
        await Expect(page.GetByTestId("audit-quick-failed-logins")).ToHaveTextAsync("Fehlgeschlagene Anmeldungen");

        await Expect(page.Locator("[data-testid=audit-row] time").First).ToHaveTextAsync(new Regex(@"^(Heute|Gestern), \d{2}:\d{2}$"));

        // Older rows (a custom range in the address): "3. Dez., 14:05" style, in New York's time, 24-hour clock.
        var until = DateTimeOffset.UtcNow.AddDays(-4).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await session.OpenAuditAsync("?to=" + Uri.EscapeDataString(until));
        await Expect(page.GetByTestId("audit-filter-range")).ToHaveValueAsync("custom");
        var times = await page.Locator("[data-testid=audit-row] time").EvaluateAllAsync<string[][]>(
            "times => times.map(time => [time.dateTime, time.textContent, time.title])");
        var old = times.First(time => DateTimeOffset.Parse(time[0], CultureInfo.InvariantCulture) < DateTimeOffset.UtcNow.AddDays(-3));
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(old[0], CultureInfo.InvariantCulture), NewYork);
        old[1].Should().StartWith(local.Day.ToString(CultureInfo.InvariantCulture) + ". ", "German dates put the day first")
            .And.EndWith(", " + local.ToString("HH:mm", CultureInfo.InvariantCulture), "in New York's time on a 24-hour clock")
            .And.NotContainAny("AM", "PM");
        old[2].Should().MatchRegex("GMT-[45]|E[SD]T", "the exact time names New York's offset");

        // Details in German too.
        await session.AuditRows.First.ClickAsync();
        await Expect(session.Details.GetByTestId("audit-details-close")).ToHaveTextAsync("Schließen");
        await Expect(session.Details.Locator("dt").First).ToHaveTextAsync("Zeitpunkt");
        await session.CheckViewAsync("german-new-york");
        await page.Keyboard.PressAsync("Escape");

        // The local choice names the browser's zone.
        await Expect(page.GetByTestId("audit-zone").Locator("option[value=local]")).ToHaveTextAsync("Ortszeit (America/New_York)");

        // UTC: the same instants, shown in UTC, and the choice is in the address.
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-zone").SelectOptionAsync("utc"));
        await Expect(page).ToHaveURLAsync(new Regex("tz=utc"));
        var utc = await page.Locator($"[data-testid=audit-row] time[datetime='{old[0]}']").First.TextContentAsync();
        var instant = DateTimeOffset.Parse(old[0], CultureInfo.InvariantCulture).ToUniversalTime();
        utc.Should().EndWith(", " + instant.ToString("HH:mm", CultureInfo.InvariantCulture));
        (await page.Locator($"[data-testid=audit-row] time[datetime='{old[0]}']").First.GetAttributeAsync("title")).Should().Contain("UTC");
    }

    [BrowserFact]
    public async Task English_KeepsTheTwelveHourClock_AndAHostStringBlockIsNotNeeded()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app, locale: "en-US", timezoneId: "America/New_York");
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audit Logs");
        await Expect(page.Locator("[data-testid=audit-row] time").First).ToHaveTextAsync(new Regex(@"^(Today|Yesterday), \d{1,2}:\d{2} [AP]M$"));
    }
}
