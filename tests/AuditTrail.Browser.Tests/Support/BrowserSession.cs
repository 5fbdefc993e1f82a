using System.Globalization;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>One browser context on one app: the steps the tests share (sign in, open the audit page, read its rows).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly List<string> _dialogs = [];

    internal BrowserSession(ConsoleApp app, IBrowserContext context, IPage page)
    {
        App = app;
        Context = context;
        Page = page;

        // Any alert, confirm or prompt is recorded (and dismissed): the console and the viewer open none.
        page.Dialog += async (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            await dialog.DismissAsync();
        };
    }

    public ConsoleApp App { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    public ILocator AuditApp => Page.GetByTestId("audit-app");

    public ILocator AuditRows => Page.GetByTestId("audit-row");

    /// <summary>Signs in through the form and waits for the servers page.</summary>
    public async Task SignInAsync(string userName, string password = "demo")
    {
        await Page.GotoAsync("/login");
        await Page.Locator("#username").FillAsync(userName);
        await Page.Locator("#password").FillAsync(password);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Expect(Page.GetByTestId("current-user")).ToBeVisibleAsync();
    }

    /// <summary>Opens the audit viewer (with a query string: a deep link) and waits until its first page of rows is on screen.</summary>
    public async Task OpenAuditAsync(string query = "")
    {
        await ReloadAuditAsync(() => Page.GotoAsync("/audit" + query));
    }

    /// <summary>Switches to the Review tab of the open viewer and waits until its findings are on screen.</summary>
    public async Task OpenReviewTabAsync()
    {
        await Page.GetByTestId("audit-tab-review").ClickAsync();
        await Expect(Page.GetByTestId("audit-review")).ToHaveAttributeAsync("data-state", "ready");
    }

    /// <summary>The details panel.</summary>
    public ILocator Details => Page.GetByTestId("audit-details");

    /// <summary>Runs axe on the page as it is now and saves its screenshot as <paramref name="view"/>.png.</summary>
    public async Task CheckViewAsync(string view)
    {
        await Screenshots.SaveAsync(Page, view);
        await Accessibility.ShouldHaveNoViolationsAsync(Page, view);
    }

    /// <summary>
    /// Runs an action that makes the viewer load a list (a filter, the search, "Load more") and waits for the
    /// answer and for the viewer to show it.
    /// </summary>
    public async Task ReloadAuditAsync(Func<Task> action)
    {
        await Page.RunAndWaitForResponseAsync(action, response => response.Url.Contains("/audit/api/events?", StringComparison.Ordinal));
        await Expect(AuditApp).ToHaveAttributeAsync("data-state", "ready");
    }

    /// <summary>The event ids of the rows on screen, top to bottom.</summary>
    public async Task<IReadOnlyList<string>> RowAttributeAsync(string attribute)
    {
        var values = await AuditRows.EvaluateAllAsync<string[]>($"rows => rows.map(row => row.getAttribute('{attribute}'))");
        return values;
    }

    public Task<IReadOnlyList<string>> RowIdsAsync() => RowAttributeAsync("data-event-id");

    /// <summary>The occurred-at times of the rows on screen, from their <c>time</c> elements.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> RowTimesAsync()
    {
        var values = await Page.Locator("[data-testid=audit-row] time").EvaluateAllAsync<string[]>("times => times.map(time => time.dateTime)");
        return values.Select(value => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture)).ToList();
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
