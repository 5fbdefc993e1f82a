using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AuditTrail.Browser.Tests.Support;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// <c>dotnet run</c> of the sample starts in the environment its launch profile names; an error there must not show a
/// stack trace or echo request headers (the developer exception page does both, the HttpOnly session cookie included).
/// </summary>
public sealed class DefaultRunTests
{
    [Fact]
    public void LaunchProfile_DoesNotSelectTheDevelopmentEnvironment()
    {
        LaunchProfileEnvironment().Should().NotBe("Development", "the developer exception page is for an explicit opt-in only");
    }

    [Fact]
    public async Task DefaultRun_RefusedPostWithoutToken_AnswersWithoutStackTraceOrHeaders()
    {
        await using var app = await ConsoleApp.StartAsync(LaunchProfileEnvironment());
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        await SignInAsync(client, "john");
        var session = cookies.GetCookies(new Uri(app.BaseUrl))["monitoring.session"]?.Value;
        session.Should().NotBeNullOrEmpty("the sign-in sets the session cookie");

        foreach (var path in new[] { "/servers", "/servers/srv-db-02/delete", "/logout" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path)
            {
                Content = new FormUrlEncodedContent([new("name", "x")]),
            };
            request.Headers.Add("X-Probe-Header", "probe-header-value");

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"POST {path} carries no antiforgery token");
            body.Should().NotContain(session!).And.NotContain("probe-header-value")
                .And.NotContain("Exception").And.NotContain(" at ", $"POST {path} must not answer with a stack trace");
        }
    }

    /// <summary>Signs in through the real form (with its antiforgery token), as a browser would.</summary>
    private static async Task SignInAsync(HttpClient client, string userName)
    {
        var page = await client.GetStringAsync("/login");
        var token = Regex.Match(page, "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">");
        token.Success.Should().BeTrue("the sign-in form carries an antiforgery token");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(
        [
            new(token.Groups[1].Value, token.Groups[2].Value),
            new("username", userName),
            new("password", "demo"),
        ]));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "a right password signs in");
    }

    private static string LaunchProfileEnvironment()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AuditTrail.sln")))
        {
            directory = directory.Parent;
        }

        directory.Should().NotBeNull("the tests run inside the repository");
        var path = Path.Combine(directory!.FullName, "samples", "AuditTrail.Samples.WebApp", "Properties", "launchSettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var profile = json.RootElement.GetProperty("profiles").EnumerateObject().First().Value;
        return profile.TryGetProperty("environmentVariables", out var variables)
            && variables.TryGetProperty("ASPNETCORE_ENVIRONMENT", out var environment)
                ? environment.GetString() ?? "Production"
                : "Production";
    }
}
