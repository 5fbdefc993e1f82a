using System.Net;
using System.Text.RegularExpressions;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>
/// The sample console over plain HTTP, as a browser without script uses it: cookies kept, redirects not followed, and
/// every form posted with the antiforgery token of the page it is on.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public ConsoleClient(ConsoleApp app)
    {
        _handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        Http = new HttpClient(_handler) { BaseAddress = new Uri(app.BaseUrl) };
    }

    public HttpClient Http { get; }

    /// <summary>The value of the cookie named <paramref name="name"/>, if the app set it.</summary>
    public string? Cookie(string name) => _handler.CookieContainer.GetCookies(Http.BaseAddress!)[name]?.Value;

    /// <summary>Signs in through the real form; the demo password unless told otherwise.</summary>
    public Task<HttpResponseMessage> SignInAsync(string userName, string password = "demo") =>
        PostFormAsync("/login", "/login", [new("username", userName), new("password", password)]);

    /// <summary>Opens <paramref name="pagePath"/> for its antiforgery token, then posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(
        string pagePath,
        string action,
        IEnumerable<KeyValuePair<string, string>> fields,
        Action<HttpRequestMessage>? configure = null)
    {
        var page = await Http.GetStringAsync(pagePath);
        var token = AntiforgeryField().Match(page);
        token.Success.Should().BeTrue($"{pagePath} carries an antiforgery token");

        using var request = new HttpRequestMessage(HttpMethod.Post, action)
        {
            Content = new FormUrlEncodedContent([new(token.Groups[1].Value, token.Groups[2].Value), .. fields]),
        };
        configure?.Invoke(request);
        return await Http.SendAsync(request);
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex AntiforgeryField();
}
