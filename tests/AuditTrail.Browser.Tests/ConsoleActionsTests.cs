using System.Text.Json;
using AuditTrail.Browser.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace AuditTrail.Browser.Tests;

/// <summary>Every form of the console does its job and leaves its event in the audit trail.</summary>
public sealed class ConsoleActionsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task EveryConsoleAction_IsRecordedWithItsActionCode()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");

        // Servers: install an agent, remove a server.
        await page.GotoAsync("/servers/srv-db-02");
        await page.GetByTestId("install-agent").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Agent installed.");
        await page.GetByTestId("remove-server").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Removed.");
        await Expect(page.GetByTestId("server-row").Filter(new() { HasText = "db-02" })).ToHaveCountAsync(0);

        // Alert rules: create, change, delete.
        await page.GotoAsync("/alerts");
        var create = page.GetByTestId("create-alert");
        await create.Locator("#name").FillAsync("Memory pressure");
        await create.Locator("#metric").SelectOptionAsync("memory_percent");
        await create.Locator("#threshold").FillAsync("80");
        await create.GetByRole(AriaRole.Button, new() { Name = "Create rule" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Created.");
        await page.GetByTestId("alert-name").GetByText("Memory pressure", new() { Exact = true }).ClickAsync();
        await page.Locator("#threshold").FillAsync("75");
        await page.GetByTestId("save-alert").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Changes saved.");
        await page.GetByTestId("delete-alert").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Removed.");

        // Notification channels: add a webhook, give it a new secret, remove it.
        await page.GotoAsync("/channels");
        var add = page.GetByTestId("add-channel");
        await add.Locator("#kind").SelectOptionAsync("webhook");
        await add.Locator("#name").FillAsync("Chat alerts");
        await add.Locator("#target").FillAsync("https://hooks.example.com/alerts");
        await add.Locator("#signing_secret").FillAsync("first-secret-value");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Added.");
        await page.GetByTestId("channel-name").GetByText("Chat alerts", new() { Exact = true }).ClickAsync();
        await page.Locator("#signing_secret").FillAsync("second-secret-value");
        await page.GetByTestId("save-channel").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Changes saved.");
        await page.GetByTestId("remove-channel").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Removed.");

        // Users: create, change role, deactivate.
        await page.GotoAsync("/users");
        var newUser = page.GetByTestId("create-user");
        await newUser.Locator("#new-username").FillAsync("dana");
        await newUser.Locator("#display_name").FillAsync("Dana Kim");
        await newUser.Locator("#new-password").FillAsync("initial-pass-1");
        await newUser.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Created.");
        var dana = page.GetByTestId("user-row").Filter(new() { HasText = "Dana Kim" });
        await dana.GetByTestId("user-role").SelectOptionAsync("Admin");
        await dana.GetByTestId("change-role").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Role changed.");
        await dana.GetByTestId("deactivate-user").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Account deactivated.");

        // API keys: create (the secret is shown once), delete.
        await page.GotoAsync("/api-keys");
        await page.Locator("#key-name").FillAsync("Deploy bot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(page.GetByTestId("new-api-key")).ToContainTextAsync("mon_");
        await page.GetByTestId("api-key-row").Filter(new() { HasText = "Deploy bot" }).GetByTestId("delete-api-key").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Removed.");

        // Account security: MFA off and on again, a new password.
        await page.GotoAsync("/account");
        await page.GetByTestId("toggle-mfa").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Two-factor authentication disabled.");
        await page.GetByTestId("toggle-mfa").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Two-factor authentication enabled.");
        await page.Locator("#current_password").FillAsync("demo");
        await page.Locator("#new_password").FillAsync("a-longer-password");
        await page.Locator("#confirm_password").FillAsync("a-longer-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Password changed.");

        // Sign out, and back in with the new password.
        await page.GetByTestId("logout").ClickAsync();
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        await session.SignInAsync("john", "a-longer-password");

        var response = await page.APIRequest.GetAsync("/audit/api/events?user=u-john&limit=200");
        using var json = JsonDocument.Parse(await response.TextAsync());
        var records = json.RootElement.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("sourceIp").GetString() == "127.0.0.1")
            .ToList();
        var actions = records.Select(item => item.GetProperty("action").GetString()).ToList();
        actions.Should().Contain(
        [
            "auth.login_succeeded", "agent.installed", "server.deleted",
            "alert_rule.created", "alert_rule.updated", "alert_rule.deleted",
            "notification_channel.added", "notification_channel.updated", "notification_channel.removed",
            "account.created", "account.role_changed", "account.deactivated",
            "api_key.created", "api_key.deleted",
            "account.mfa_disabled", "account.mfa_enabled", "account.password_changed", "auth.logout",
        ]);

        // Secrets never reach the trail: the channel's new signing secret is recorded as changed, without values.
        json.RootElement.GetRawText().Should().NotContainAny("first-secret-value", "second-secret-value", "a-longer-password", "initial-pass-1");
        records.Single(item => item.GetProperty("action").GetString() == "notification_channel.updated")
            .GetProperty("description").GetString().Should().Be("Changed signing_secret");
    }

    [BrowserFact]
    public async Task NotANumber_InAServerOrAlertRuleForm_IsRefusedNamingTheField_AndNothingIsRecorded()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("john");

        // NaN compares false with every bound, so a range check written as "< min or > max" lets it through.
        await page.GotoAsync("/servers/srv-db-01");
        await page.Locator("#load_multiplier").FillAsync("NaN");
        await page.GetByTestId("save-server").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("load_multiplier");
        await page.GotoAsync("/alerts/rule-latency");
        await page.Locator("#threshold").FillAsync("NaN");
        await page.GetByTestId("save-alert").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Threshold");

        var response = await page.APIRequest.GetAsync("/audit/api/events?action=server.updated&action=alert_rule.updated&limit=1000");
        response.Status.Should().Be(200);
        (await response.TextAsync()).Should().NotContain("NaN");
        await page.GotoAsync("/servers/srv-db-01");
        await Expect(page.Locator("#load_multiplier")).Not.ToHaveValueAsync("NaN");
    }
    [BrowserFact]
    public async Task ARegularUsersRefusedAdminActions_AreRecordedAsAuthorizationFailures()
    {
        await using var app = await ConsoleApp.StartAsync();
        await using var session = await browser.OpenAsync(app);
        var page = session.Page;
        await session.SignInAsync("mike");

        // An admin page: the cookie scheme sends him to /forbidden.
        await page.GotoAsync("/users");
        page.Url.Should().Contain("/forbidden");

        // Another user's API key, through his own key's delete form pointed at it: answered as not found.
        await page.GotoAsync("/api-keys");
        await page.Locator("form[action='/api-keys/key-mike-cli/delete']").EvaluateAsync("form => form.action = '/api-keys/key-ci-deploy/delete'");
        var delete = page.Locator("form[action$='/api-keys/key-ci-deploy/delete'] button");
        var answer = await page.RunAndWaitForResponseAsync(() => delete.ClickAsync(), response => response.Url.EndsWith("/api-keys/key-ci-deploy/delete", StringComparison.Ordinal));
        answer.Status.Should().Be(404);

        var response = await page.APIRequest.GetAsync("/audit/api/events?action=auth.authorization_failed&limit=10");
        response.Status.Should().Be(200);
        using var json = System.Text.Json.JsonDocument.Parse(await response.TextAsync());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(2).And.OnlyContain(item => item.GetProperty("actor").GetProperty("id").GetString() == "u-mike");
        items.Select(item => item.GetProperty("resource").GetProperty("id").GetString()).Should().BeEquivalentTo(["/users", "key-ci-deploy"]);
    }
}
