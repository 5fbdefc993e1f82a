using System.Text.Json;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The details panel shows an admin the record's place in the hash chain, and a regular user nothing of it.</summary>
public sealed class ChainPositionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Admin_SeesTheSequenceAndHash_TheApiGivesForTheRecord()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-admin", "true");

        var row = session.AuditRows.Nth(2);
        var id = await row.GetAttributeAsync("data-event-id");
        await row.ClickAsync();

        var response = await page.APIRequest.GetAsync("/audit/api/events/" + id);
        using var json = JsonDocument.Parse(await response.TextAsync());
        var chain = json.RootElement.GetProperty("chain");
        await Expect(session.Details.GetByTestId("audit-detail-chain")).ToHaveTextAsync(chain.GetProperty("sequence").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(session.Details.GetByTestId("audit-detail-hash")).ToHaveTextAsync(chain.GetProperty("hash").GetString()!);
        await Expect(session.Details.GetByTestId("audit-detail-chain").Locator("xpath=preceding-sibling::dt[1]")).ToHaveTextAsync("Chain position");
        await session.CheckViewAsync("details-chain-position");

        // A deep link to the record shows it as well, once the page knows the viewer is an admin.
        await session.ReloadAuditAsync(() => page.ReloadAsync());
        await Expect(session.Details.GetByTestId("audit-detail-hash")).ToHaveTextAsync(chain.GetProperty("hash").GetString()!);
    }

    [BrowserFact]
    public async Task RegularUser_SeesNoChainPosition_AndTheApiDoesNotSendIt()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("mike");
        await session.OpenAuditAsync("?range=all");
        await Expect(session.AuditApp).ToHaveAttributeAsync("data-admin", "false");

        var row = session.AuditRows.First;
        var id = await row.GetAttributeAsync("data-event-id");
        await row.ClickAsync();

        await Expect(session.Details.GetByTestId("audit-detail-id")).ToHaveTextAsync(id!);
        await Expect(session.Details.GetByTestId("audit-detail-chain")).ToHaveCountAsync(0);
        await Expect(session.Details.GetByTestId("audit-detail-hash")).ToHaveCountAsync(0);
        var response = await page.APIRequest.GetAsync("/audit/api/events/" + id);
        response.Ok.Should().BeTrue();
        using var json = JsonDocument.Parse(await response.TextAsync());
        json.RootElement.TryGetProperty("chain", out var _).Should().BeFalse();
    }
}
