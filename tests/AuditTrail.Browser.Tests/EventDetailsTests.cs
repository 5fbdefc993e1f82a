using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The details panel: every field of a record, its links, and its keyboard and focus behaviour.</summary>
public sealed class EventDetailsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Click_OpensEveryFieldWithChangesAsBeforeAndAfter_AndTheLinksFilterToCorrelationAndResource()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await page.GotoAsync("/servers/srv-db-01");
        await page.Locator("#load_multiplier").FillAsync("1.5");
        await page.GetByTestId("save-server").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Changes saved.");
        await session.OpenAuditAsync();

        var row = session.AuditRows.Filter(new() { HasText = "Changed load_multiplier from 1.0 to 1.5" }).First;
        var id = await row.GetAttributeAsync("data-event-id");
        await row.ClickAsync();

        var details = session.Details;
        await Expect(details).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-details-title")).ToBeFocusedAsync();
        await Expect(page.GetByTestId("audit-details-title")).ToHaveTextAsync("Updated server");
        await Expect(row).ToHaveAttributeAsync("aria-current", "true");
        await Expect(page).ToHaveURLAsync(new Regex("[?&]event=" + id + "$"));
        await Expect(details.GetByTestId("audit-detail-id")).ToHaveTextAsync(id!);
        await Expect(details.GetByTestId("audit-detail-actor")).ToContainTextAsync("John Davis (u-john)");
        await Expect(details.GetByTestId("audit-detail-action")).ToHaveTextAsync("server.updated \u00b7 Update");
        await Expect(details.GetByTestId("audit-detail-outcome")).ToHaveTextAsync("Success");
        await Expect(details.GetByTestId("audit-detail-ip")).ToHaveTextAsync("127.0.0.1");
        await Expect(details.GetByTestId("audit-detail-user-agent")).ToContainTextAsync("Chrome");
        await Expect(details.GetByTestId("audit-detail-occurred")).ToContainTextAsync("UTC");
        await Expect(details.GetByTestId("audit-detail-recorded")).ToBeVisibleAsync();
        await Expect(details.GetByTestId("audit-detail-resource")).ToContainTextAsync("srv-db-01");
        var changes = details.GetByTestId("audit-detail-changes");
        await Expect(changes.Locator("thead th")).ToHaveTextAsync(["Field", "Before", "After"]);
        await Expect(changes.Locator("tbody tr").Filter(new() { HasText = "load_multiplier" }).Locator("th, td")).ToHaveTextAsync(["load_multiplier", "1.0", "1.5"]);
        var correlation = await details.GetByTestId("audit-detail-correlation").Locator("code").TextContentAsync();
        correlation.Should().NotBeNullOrWhiteSpace();
        await session.CheckViewAsync("details-open");

        // The correlation link: a new view (an entry in the history) of that request's records only.
        await session.ReloadAuditAsync(() => details.GetByTestId("audit-detail-correlation-link").ClickAsync());
        await Expect(details).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("correlation=" + Regex.Escape(correlation!)));
        await Expect(page.GetByTestId("audit-filter-correlation")).ToHaveValueAsync(correlation!);
        (await session.RowIdsAsync()).Should().Contain(id!);
        foreach (var each in await session.RowIdsAsync())
        {
            var response = await page.APIRequest.GetAsync("/audit/api/events/" + each);
            (await response.TextAsync()).Should().Contain($"\"correlationId\":\"{correlation}\"");
        }

        // The resource link: the server's whole history.
        await session.AuditRows.First.ClickAsync();
        await session.ReloadAuditAsync(() => details.GetByTestId("audit-detail-resource-link").ClickAsync());
        (await session.RowAttributeAsync("data-resource-id")).Should().NotBeEmpty().And.OnlyContain(resource => resource == "srv-db-01");
        await Expect(page.GetByTestId("audit-filter-resource-type")).ToHaveValueAsync("server");
    }

    [BrowserFact]
    public async Task Keyboard_EnterOpens_EscapeCloses_AndTheFocusReturnsToTheRow()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync("?action=agent.installed&range=all");

        var first = session.AuditRows.First;
        await first.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        var second = session.AuditRows.Nth(1);
        await Expect(second).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(session.Details).ToBeVisibleAsync();
        await Expect(page.GetByTestId("audit-details-title")).ToBeFocusedAsync();
        var metadata = session.Details.GetByTestId("audit-detail-metadata");
        await Expect(metadata.Locator("tbody th")).ToContainTextAsync(["agent_version"]);
        await Expect(session.Details.GetByTestId("audit-detail-correlation")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(session.Details).ToBeHiddenAsync();
        await Expect(second).ToBeFocusedAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("event="));
    }

    [BrowserFact]
    public async Task FailedLogin_ShowsOutcomeAndReason_AndADeepLinkReopensTheRecord()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-quick-failed-logins").ClickAsync());
        (await session.RowAttributeAsync("data-outcome")).Should().NotBeEmpty().And.OnlyContain(outcome => outcome == "Failure");
        await session.AuditRows.First.ClickAsync();
        await Expect(session.Details.GetByTestId("audit-detail-outcome")).ToHaveTextAsync("Failure");
        await Expect(session.Details.GetByTestId("audit-detail-reason")).Not.ToBeEmptyAsync();
        var url = page.Url;

        await session.ReloadAuditAsync(() => page.ReloadAsync());

        await Expect(session.Details).ToBeVisibleAsync();
        page.Url.Should().Be(url);
        await Expect(page.GetByTestId("audit-filter-type")).ToHaveValueAsync("Authentication");
        await Expect(page.GetByTestId("audit-filter-outcome")).ToHaveValueAsync("Failure");
        await Expect(session.Details.GetByTestId("audit-detail-reason")).Not.ToBeEmptyAsync();
    }
}
