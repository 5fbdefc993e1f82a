using AuditTrail.Browser.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// The console records the connection's address unless the peer is a proxy listed in <c>ReverseProxy:KnownProxies</c> or
/// <c>ReverseProxy:KnownNetworks</c> (README, "Behind a reverse proxy"). The tests connect from 127.0.0.1.
/// </summary>
public sealed class ReverseProxyTests
{
    private const string ClaimedClient = "203.0.113.66";

    [Fact]
    public async Task NoProxyListed_XForwardedFor_IsIgnored()
    {
        (await RecordedAddressAsync([])).Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task PeerListedAsProxy_XForwardedFor_IsTheClient()
    {
        (await RecordedAddressAsync(["--ReverseProxy:KnownProxies", "127.0.0.1"])).Should().Be(ClaimedClient);
    }

    [Fact]
    public async Task OtherProxyListed_XForwardedForFromThisPeer_IsIgnored()
    {
        (await RecordedAddressAsync(["--ReverseProxy:KnownNetworks", "10.0.0.0/8"])).Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task ForwardedHeadersEnabledByTheEnvironment_NoProxyListed_XForwardedForIsStillIgnored()
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (set by some hosting platforms) adds ASP.NET Core's forwarded headers
        // ahead of the app, trusting every sender: the console's own list must still decide.
        (await RecordedAddressAsync(["--FORWARDEDHEADERS_ENABLED", "true"])).Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task ForwardedHeadersEnabledByTheEnvironment_OtherProxyListed_XForwardedForFromThisPeerIsIgnored()
    {
        (await RecordedAddressAsync(["--FORWARDEDHEADERS_ENABLED", "true", "--ReverseProxy:KnownProxies", "10.0.0.5"])).Should().Be("127.0.0.1");
    }

    [Fact]
    public async Task ForwardedHeadersEnabledByTheEnvironment_PeerListedAsProxy_XForwardedForIsTheClient()
    {
        (await RecordedAddressAsync(["--FORWARDEDHEADERS_ENABLED", "true", "--ReverseProxy:KnownProxies", "127.0.0.1"])).Should().Be(ClaimedClient);
    }

    /// <summary>The address recorded for a failed sign-in sent with <c>X-Forwarded-For: 203.0.113.66</c>.</summary>
    private static async Task<string?> RecordedAddressAsync(string[] arguments)
    {
        await using var app = await ConsoleApp.StartAsync(arguments: arguments);
        using var client = new ConsoleClient(app);
        await client.PostFormAsync("/login", "/login", [new("username", "probe"), new("password", "guess")],
            request => request.Headers.Add("X-Forwarded-For", ClaimedClient));

        var reader = app.Services.GetRequiredService<IAuditReader>();
        var page = await reader.QueryAsync(AuditViewer.Admin("test"), new AuditQuery { Actions = [AuditActions.LoginFailed], Search = "probe" });
        return page.Items.Should().ContainSingle().Subject.SourceIp;
    }
}
