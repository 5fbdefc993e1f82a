using AuditTrail.Browser.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>The viewer's Review tab over the sample's seeded history: one episode of each detector's kind.</summary>
public sealed class ReviewTabTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] SeededKinds =
    [
        AuditDetectors.BruteForce,
        AuditDetectors.SuccessAfterFailures,
        AuditDetectors.PasswordSpraying,
        AuditDetectors.UnusualLoginTime,
        AuditDetectors.NewNetwork,
        AuditDetectors.ChangeOutsideMaintenanceWindow,
        AuditDetectors.DepartedActorActive,
        AuditDetectors.PrivilegeEscalation,
        AuditDetectors.AdminWithoutMfa,
        AuditDetectors.BulkExport,
        AuditDetectors.BulkDelete,
        AuditDetectors.TrailGap,
    ];

    private static readonly string[] SeverityOrder = ["Critical", "High", "Medium", "Low"];

    [BrowserFact]
    public async Task Admin_ReviewTab_ListsTheSeededKindsMostSevereFirst_ByKeyboard()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();

        await Expect(page.GetByTestId("audit-tabs")).ToBeVisibleAsync();
        await page.GetByTestId("audit-tab-log").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");

        var reviewTab = page.GetByTestId("audit-tab-review");
        await Expect(reviewTab).ToBeFocusedAsync();
        await Expect(reviewTab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByTestId("audit-review")).ToHaveAttributeAsync("data-state", "ready");
        await Expect(page.GetByTestId("audit-log-panel")).ToBeHiddenAsync();
        var findings = page.GetByTestId("audit-finding");
        var detectors = await findings.EvaluateAllAsync<string[]>("items => items.map(item => item.getAttribute('data-detector'))");
        detectors.Should().Contain(SeededKinds);
        var severities = await findings.EvaluateAllAsync<string[]>("items => items.map(item => item.getAttribute('data-severity'))");
        severities.Select(severity => Array.IndexOf(SeverityOrder, severity)).Should().BeInAscendingOrder("most severe first");
        await Expect(page.GetByTestId("audit-review-group").First).ToHaveAttributeAsync("data-severity", "Critical");
        var burst = page.Locator("[data-testid=audit-finding][data-detector=success_after_failures]");
        await Expect(burst.GetByTestId("audit-finding-summary")).ToHaveTextAsync("12 failed logins for 'sarah' from 185.220.101.47 in 5 minutes, then a success");
        await Expect(page.GetByTestId("audit-review-md")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/audit/api/review\\.md\\?from=.+&to=.+"));
        await Expect(page.GetByTestId("audit-review-csv")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/audit/api/review\\.csv\\?from=.+&to=.+"));

        await page.Keyboard.PressAsync("Home");
        await Expect(page.GetByTestId("audit-tab-log")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByTestId("audit-log-panel")).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Admin_EvidenceLink_ShowsExactlyTheFindingsRecordsInTheLogView()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await session.OpenAuditAsync();
        await session.OpenReviewTabAsync();

        var finding = page.Locator("[data-testid=audit-finding][data-detector=success_after_failures]");
        var link = finding.GetByTestId("audit-finding-evidence");
        await Expect(link).ToHaveTextAsync("Show 13 evidence records");
        var href = await link.GetAttributeAsync("href");
        var evidence = Uri.UnescapeDataString(href!.Split("evidence=")[1]).Split(',');

        await session.ReloadAuditAsync(() => link.ClickAsync());

        await Expect(page.GetByTestId("audit-tab-log")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByTestId("audit-evidence-label")).ToContainTextAsync("Showing 13 evidence records of: 12 failed logins for 'sarah'");
        await Expect(session.AuditRows).ToHaveCountAsync(13);
        (await session.RowIdsAsync()).Should().BeEquivalentTo(evidence);
        (await session.RowAttributeAsync("data-action")).Should().Contain("auth.login_failed").And.Contain("auth.login_succeeded");
        (await session.RowTimesAsync()).Should().BeInDescendingOrder();
        await Expect(page.GetByTestId("audit-export")).ToBeHiddenAsync();

        await session.ReloadAuditAsync(() => page.GetByTestId("audit-evidence-clear").ClickAsync());

        await Expect(page.GetByTestId("audit-evidence")).ToBeHiddenAsync();
        await Expect(session.AuditRows).ToHaveCountAsync(50);
    }

    [BrowserFact]
    public async Task Admin_EvidenceLinkInANewPage_OpensTheLogViewOnTheEvidence()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("sarah");
        await session.OpenAuditAsync();
        await session.OpenReviewTabAsync();
        var link = page.Locator("[data-testid=audit-finding][data-detector=bulk_delete]").GetByTestId("audit-finding-evidence");
        var href = await link.GetAttributeAsync("href");

        await session.ReloadAuditAsync(() => page.GotoAsync(href!));

        await Expect(session.AuditRows).ToHaveCountAsync(55);
        (await session.RowAttributeAsync("data-action")).Should().OnlyContain(action => action == "alert_silence.deleted");
    }

    [BrowserFact]
    public async Task NonAdmin_SeesNoReviewTab_AndTheApiRefuses()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("mike");
        await session.OpenAuditAsync();

        await Expect(session.AuditApp).ToHaveAttributeAsync("data-admin", "false");
        await Expect(page.GetByTestId("audit-tabs")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("audit-review")).ToBeHiddenAsync();
        var response = await page.APIRequest.GetAsync("/audit/api/review");
        response.Status.Should().Be(403);
    }
}
