using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>Recorded values written to mislead the auditor who reads them: bidi controls and very long names.</summary>
public sealed class HostileTextTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string RightToLeftOverride = "\u202E";

    [BrowserFact]
    public async Task BidiOverrideInAResourceName_IsShownAsAVisibleCode_AndNeverReordersTheViewersOwnText()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await page.GotoAsync("/servers");
        var add = page.GetByTestId("add-server");
        await add.Locator("#name").FillAsync("db" + RightToLeftOverride + "gnp.exe");
        await add.Locator("#host").FillAsync("10.0.0.77");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add server" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();

        await session.OpenAuditAsync("?action=server.created&range=24h");
        var row = session.AuditRows.First;
        await Expect(row.GetByTestId("audit-cell-resource")).ToContainTextAsync("db[U+202E]gnp.exe");
        await Expect(row.GetByTestId("audit-cell-action")).ToContainTextAsync("Added server db[U+202E]gnp.exe (10.0.0.77)");
        await row.ClickAsync();
        var resource = session.Details.GetByTestId("audit-detail-resource");
        await Expect(resource).ToContainTextAsync("(db[U+202E]gnp.exe) History of this resource");

        var text = await session.AuditApp.TextContentAsync();
        text.Should().NotContain(RightToLeftOverride, "no bidi override reaches the page, where it would reverse the text after it");

        // The stored value is unchanged: only the viewer shows the control.
        var response = await page.APIRequest.GetAsync("/audit/api/events/" + await row.GetAttributeAsync("data-event-id"));
        (await response.TextAsync()).Should().Contain("db\\u202Egnp.exe");
    }

    [BrowserFact]
    public async Task LongActorName_WrapsInItsColumn_AndTheTimeStaysInViewWithTheDetailsOpen()
    {
        const string LongName = "Maximilian-Alexander-Konstantin-Bartholomew-Wolfgang-Friedrich-von-Hohenzollern";
        await using var app = await ConsoleApp.StartAsync();
        await using var admin = await browser.OpenAsync(app);
        await admin.SignInAsync("sarah");
        await admin.Page.GotoAsync("/users");
        var newUser = admin.Page.GetByTestId("create-user");
        await newUser.Locator("#new-username").FillAsync("max");
        await newUser.Locator("#display_name").FillAsync(LongName);
        await newUser.Locator("#new-password").FillAsync("initial-pass-1");
        await newUser.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(admin.Page.GetByTestId("notice")).ToHaveTextAsync("Created.");
        await using (var max = await browser.OpenAsync(app))
        {
            await max.SignInAsync("max", "initial-pass-1");
        }

        await admin.OpenAuditAsync("?action=auth.login_succeeded&range=24h");
        var row = admin.AuditRows.Filter(new() { HasText = LongName }).First;
        await row.ClickAsync();
        await Expect(admin.Details).ToBeVisibleAsync();

        const string Fits = """
            wrap => {
              const time = wrap.querySelector('[data-testid=audit-cell-time]').getBoundingClientRect();
              const box = wrap.getBoundingClientRect();
              const name = wrap.querySelector('[data-testid=audit-cell-user] .user-name').getBoundingClientRect();
              const action = wrap.querySelector('[data-testid=audit-cell-action]').getBoundingClientRect();
              return wrap.scrollWidth <= wrap.clientWidth && time.right <= box.right && name.right <= action.left;
            }
            """;
        (await admin.Page.Locator(".table-wrap").EvaluateAsync<bool>(Fits)).Should().BeTrue("the table fits beside the open details, Time column included, and the name stays in its own column");
        var select = await admin.Page.GetByTestId("audit-filter-user").BoundingBoxAsync();
        select!.Width.Should().BeLessThan(400, "a long name in the user filter does not stretch the filter row");
    }

    [BrowserFact]
    public async Task LongMarkupRightToLeftAndEmojiInEveryField_AtNarrowWidth_ShowAsTextInsideThePage()
    {
        const string Markup = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";
        var longId = new string('x', 300);
        var rightToLeft = "مستخدم عربي 😀👩‍👩‍👧 " + Markup;
        await using var app = await ConsoleApp.StartAsync();
        await app.Services.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = "server.updated" + Markup,
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("u-" + longId, rightToLeft),
            TargetUser = new AuditTargetUser("t-" + longId, rightToLeft),
            Outcome = AuditOutcome.Failure,
            FailureReason = Markup + longId,
            Resource = new AuditResource("server" + Markup, longId, rightToLeft),
            Description = Markup + longId,
            Changes = [new AuditFieldChange(longId, Markup, rightToLeft)],
            SourceIp = "2001:db8:85a3::8a2e:370:7334",
            UserAgent = "Mozilla/5.0 " + new string('A', 2000),
            CorrelationId = longId,
            Metadata = new Dictionary<string, string> { [longId] = Markup + longId },
        });
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");
        await page.SetViewportSizeAsync(320, 800);
        await session.OpenAuditAsync("?range=24h&type=Update&outcome=Failure");
        await Expect(session.AuditRows).ToHaveCountAsync(1);
        await session.AuditRows.First.ClickAsync();
        await Expect(session.Details.GetByTestId("audit-detail-resource")).ToContainTextAsync(new string('x', 200));

        const string Widths = """
            () => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                   document.getElementById('audit-details').scrollWidth, document.getElementById('audit-details').clientWidth]
            """;
        var widths = await page.EvaluateAsync<int[]>(Widths);
        widths[0].Should().BeLessThanOrEqualTo(widths[1], "a long name in the user filter does not widen the page at 320 px");
        widths[2].Should().BeLessThanOrEqualTo(widths[3], "the details panel, its title and Close button included, fits its box");
        (await page.EvaluateAsync<bool>("() => window.__pwned === undefined")).Should().BeTrue("markup in a recorded value never runs");
        session.Dialogs.Should().BeEmpty();
        await Expect(session.Details.GetByTestId("audit-detail-user-agent")).ToHaveTextAsync(new Regex("^Mozilla/5\\.0 A{400,}\u2026\\[truncated\\]$"));
        await Expect(session.Details.GetByTestId("audit-detail-description")).ToContainTextAsync(Markup);
        await session.CheckViewAsync("details-hostile-narrow");
    }
}
