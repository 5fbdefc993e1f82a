namespace AuditTrail.Browser.Tests.Support;

/// <summary>One headless Chromium per test class; every test gets its own browser context (cookies, downloads).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // Locally the tests are skipped (BrowserFact); under CI each of them fails with this reason.
            return;
        }

        // Belt and braces: nothing here may download a browser.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// A fresh context and page on <paramref name="app"/>, by default in UTC and US English so times read predictably;
    /// a test of locales or themes names its own language, time zone and colour scheme; a test of the page without
    /// script turns JavaScript off.
    /// </summary>
    public async Task<BrowserSession> OpenAsync(ConsoleApp app, string locale = "en-US", string timezoneId = "UTC", ColorScheme colorScheme = ColorScheme.Light, bool javaScriptEnabled = true)
    {
        var browser = _browser ?? throw new InvalidOperationException(Chromium.MissingMessage);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            Locale = locale,
            TimezoneId = timezoneId,
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = 1440, Height = 1000 },
            AcceptDownloads = true,
            JavaScriptEnabled = javaScriptEnabled,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(app, context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
