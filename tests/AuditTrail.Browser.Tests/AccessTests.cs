using System.Text.Json;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>Who sees what, failed sign-ins, and markup in data.</summary>
public sealed class AccessTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Markup = "<img src=x onerror=alert(1)>";

    [BrowserFact]
    public async Task RegularUser_SeesTheirOwnEntriesAndWhatWasDoneToThem_AndNoUserFilter()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("mike");
        await Expect(page.GetByTestId("nav-users")).ToHaveCountAsync(0);
        await session.OpenAuditAsync();

        await Expect(session.AuditApp).ToHaveAttributeAsync("data-admin", "false");
        await Expect(page.GetByTestId("audit-filter-user-field")).ToBeHiddenAsync();

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-range").SelectOptionAsync("all"));
        var actors = await session.RowAttributeAsync("data-actor-id");
        var targets = await session.RowAttributeAsync("data-target-user-id");
        actors.Should().HaveCountGreaterThan(5);
        actors.Zip(targets).Should().OnlyContain(row => row.First == "u-mike" || row.Second == "u-mike", "Mike sees his actions and the records about him");
        actors.Zip(targets).Should().Contain(row => row.First == "u-john" && row.Second == "u-mike", "John created Mike's account");

        // Someone else's records are only those about Mike, whatever the filter says.
        var response = await page.APIRequest.GetAsync("/audit/api/events?user=u-john&limit=1000");
        using var json = JsonDocument.Parse(await response.TextAsync());
        json.RootElement.GetProperty("items").EnumerateArray().Should().NotBeEmpty()
            .And.OnlyContain(item => item.GetProperty("targetUser").GetProperty("id").GetString() == "u-mike");
        var sarahs = await page.APIRequest.GetAsync("/audit/api/events?user=u-sarah&limit=1000");
        using var sarahJson = JsonDocument.Parse(await sarahs.TextAsync());
        sarahJson.RootElement.GetProperty("items").GetArrayLength().Should().Be(0, "Sarah did nothing to Mike");
    }

    [BrowserFact]
    public async Task RegularUser_LinkWithAUserFilter_DropsTheFilterTheyCannotSee_AndListsTheirWholeView()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("mike");

        // An admin's link: the User control it sets is hidden from Mike, so its filter must not apply unseen.
        await session.OpenAuditAsync("?user=u-john&range=all");
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-admin", "false");
        await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("user="));
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.GetByTestId("audit-export-csv")).Not.ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("user="));

        var actors = await session.RowAttributeAsync("data-actor-id");
        actors.Should().Contain("u-mike", "the list is Mike's whole view, his own actions included, not John's records about him alone");
        page.Url.Should().Contain("range=all", "the other filters of the link stay");
    }

    [BrowserFact]
    public async Task WrongPassword_ShowsUpForAnAdminAsAFailedLoginWithTheAttemptedUserName()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;

        await page.GotoAsync("/login");
        await page.Locator("#username").FillAsync("mike");
        await page.Locator("#password").FillAsync("not-the-password");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Invalid user name or password.");
        await Expect(page.GetByTestId("current-user")).ToHaveCountAsync(0);

        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-filter-type").SelectOptionAsync("Authentication"));
        var row = session.AuditRows
            .Filter(new() { HasText = "Failed sign-in as mike" })
            .Filter(new() { Has = page.GetByTestId("audit-cell-ip").GetByText("127.0.0.1", new() { Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-action", "auth.login_failed");
        await Expect(row).ToHaveAttributeAsync("data-outcome", "Failure");
        await Expect(row.GetByTestId("audit-failed")).ToHaveTextAsync("Failed");
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("Failed login");
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("invalid password");
        await Expect(row.GetByTestId("audit-cell-user")).ToContainTextAsync("Mike Johnson");
        await Expect(row.Locator(".resource-name")).ToHaveTextAsync("mike");

        // The attempted name is kept; the password that was typed is not, anywhere in the record.
        var id = await row.GetAttributeAsync("data-event-id");
        var record = await (await page.APIRequest.GetAsync($"/audit/api/events/{id}")).TextAsync();
        record.Should().Contain("\"attempted_user\":\"mike\"").And.NotContain("not-the-password");
    }

    [BrowserFact]
    public async Task ServerNamedWithMarkup_IsShownAsTextAndRunsNothing()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");

        await page.GotoAsync("/servers");
        var form = page.GetByTestId("add-server");
        await form.Locator("#name").FillAsync(Markup);
        await form.Locator("#host").FillAsync("10.0.66.6");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();

        // The server's own page: heading and form field hold the text.
        await Expect(page.GetByTestId("server-title")).ToHaveTextAsync(Markup);
        await Expect(page.Locator("#name")).ToHaveValueAsync(Markup);

        await page.GotoAsync("/servers");
        await Expect(page.GetByTestId("server-name").GetByText(Markup, new() { Exact = true })).ToHaveCountAsync(1);
        await Expect(page.Locator("img")).ToHaveCountAsync(0);

        await session.OpenAuditAsync();
        await page.GetByTestId("audit-search").FillAsync("onerror");
        await session.ReloadAuditAsync(() => page.GetByTestId("audit-search").PressAsync("Enter"));
        await Expect(session.AuditRows).ToHaveCountAsync(1);
        await Expect(session.AuditRows.Locator(".resource-name")).ToHaveTextAsync(Markup);
        await Expect(session.AuditRows.GetByTestId("audit-cell-action")).ToContainTextAsync($"Added server {Markup} (10.0.66.6)");
        await Expect(page.Locator("img")).ToHaveCountAsync(0);

        session.Dialogs.Should().BeEmpty("no script from the data may run");
    }
}
