using System.Net;
using System.Net.Http.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class ContextCaptureTests
{
    [Fact]
    public async Task HostEvent_WithoutRequestDetails_GetsIpUserAgentUserAndCorrelationFromTheRequest()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
        {
            request.Headers.Add(TestApp.PeerHeader, "198.51.100.23");
            request.Headers.UserAgent.ParseAdd("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<HostEndpointResponse>();

        var record = await app.SingleRecordAsync("server.updated");
        record.Id.Should().Be(body!.EventId);
        record.SourceIp.Should().Be("198.51.100.23");
        record.UserAgent.Should().Be("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0");
        record.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
        record.Description.Should().Be("Changed load_multiplier from 1.0 to 1.5");
    }

    [Fact]
    public async Task Correlation_WithoutActivity_IsTheRequestTraceIdentifier()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice);
        var body = await response.Content.ReadFromJsonAsync<HostEndpointResponse>();

        body!.ActivityTraceId.Should().BeNull("this host has no diagnostics, so hosting starts no Activity");
        var record = await app.SingleRecordAsync("server.updated");
        record.CorrelationId.Should().Be(body.TraceIdentifier).And.NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Correlation_WithActivity_IsTheW3CTraceIdOfTheIncomingTraceparent()
    {
        await using var app = await TestApp.StartAsync(options => options.HostingDiagnostics = true);
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
            request.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01"));
        var body = await response.Content.ReadFromJsonAsync<HostEndpointResponse>();

        body!.ActivityTraceId.Should().Be(traceId);
        var record = await app.SingleRecordAsync("server.updated");
        record.CorrelationId.Should().Be(traceId);
    }

    [Fact]
    public async Task SourceIp_IPv4MappedIPv6Peer_IsNormalisedToIPv4()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", TestUser.Alice, request => request.Headers.Add(TestApp.PeerHeader, "::ffff:203.0.113.7"));

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be("203.0.113.7");
    }

    [Fact]
    public async Task SourceIp_IPv6Peer_IsKeptAsIPv6()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", TestUser.Alice, request => request.Headers.Add(TestApp.PeerHeader, "2001:db8::42"));

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be("2001:db8::42");
    }

    [Theory]
    [InlineData("fe80::1%3", "fe80::1")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0042", "2001:db8::42")]
    [InlineData("::FFFF:CB00:7107", "203.0.113.7")]
    public async Task SourceIp_Peer_IsStoredInTheCanonicalFormLogAsyncUsesToo(string peer, string stored)
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", TestUser.Alice, request => request.Headers.Add(TestApp.PeerHeader, peer));

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be(stored).And.Be(AuditIpAddress.Canonicalize(peer));
    }

    [Fact]
    public async Task SourceIp_XForwardedForFromUntrustedPeer_IsIgnored()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
        {
            request.Headers.Add(TestApp.PeerHeader, "198.51.100.1");
            request.Headers.Add("X-Forwarded-For", "203.0.113.99");
        });

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be("198.51.100.1");
    }

    [Fact]
    public async Task SourceIp_XForwardedForFromTrustedProxy_IsTheForwardedClient()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
        {
            request.Headers.Add(TestApp.PeerHeader, TestApp.TrustedProxy.ToString());
            request.Headers.Add("X-Forwarded-For", "203.0.113.99");
        });

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be("203.0.113.99");
    }

    [Theory]
    [InlineData("203.0.113.99, 10.0.0.6", "203.0.113.99")]
    [InlineData("198.51.100.66, 203.0.113.99, 10.0.0.6", "203.0.113.99")]
    public async Task SourceIp_BehindTwoListedProxiesWithoutForwardLimit_IsTheFirstAddressNoProxySent(string forwardedFor, string client)
    {
        // The README's "Behind a proxy": each proxy listed, ForwardLimit null (its default, 1, would record 10.0.0.6).
        await using var app = await TestApp.StartAsync(o => o.Forwarded = forwarded =>
        {
            forwarded.KnownProxies.Add(IPAddress.Parse("10.0.0.6"));
            forwarded.ForwardLimit = null;
        });

        await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
        {
            request.Headers.Add(TestApp.PeerHeader, TestApp.TrustedProxy.ToString());
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        });

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be(client, "an address the client wrote before its own is never believed");
    }

    [Fact]
    public async Task SourceIp_BehindTwoListedProxiesWithTheDefaultForwardLimit_IsTheInnerProxy()
    {
        // Why the README asks for ForwardLimit: ASP.NET Core's default, 1, unwraps one hop only.
        await using var app = await TestApp.StartAsync(o => o.Forwarded = forwarded => forwarded.KnownProxies.Add(IPAddress.Parse("10.0.0.6")));

        await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
        {
            request.Headers.Add(TestApp.PeerHeader, TestApp.TrustedProxy.ToString());
            request.Headers.Add("X-Forwarded-For", "203.0.113.99, 10.0.0.6");
        });

        (await app.SingleRecordAsync("server.updated")).SourceIp.Should().Be("10.0.0.6");
    }

    [Fact]
    public async Task UserAgent_LongerThanTheLimit_IsCutAndMarked()
    {
        await using var app = await TestApp.StartAsync();
        var userAgent = "Agent/" + new string('x', 5000);

        await app.PostAsync("/servers/web-01", TestUser.Alice, request => request.Headers.TryAddWithoutValidation("User-Agent", userAgent));

        var stored = (await app.SingleRecordAsync("server.updated")).UserAgent;
        stored.Should().HaveLength(AuditLimits.UserAgent).And.StartWith("Agent/xxx").And.EndWith(AuditLimits.TruncationMarker);
    }

    [Fact]
    public async Task Actor_Anonymous_IsTheAnonymousActor()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01");

        (await app.SingleRecordAsync("server.updated")).Actor.Should().Be(AuditActor.Anonymous);
    }

    [Fact]
    public async Task Actor_ClaimOnAnUnauthenticatedIdentity_IsNotBelieved()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", configure: request => request.Headers.Add(TestApp.UnverifiedUserHeader, "mallory"));

        (await app.SingleRecordAsync("server.updated")).Actor.Should().Be(AuditActor.Anonymous);
    }

    [Fact]
    public async Task Actor_ClaimTypesAndTenantClaim_AreConfigurable()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore =>
        {
            aspNetCore.ActorIdClaimTypes.Clear();
            aspNetCore.ActorIdClaimTypes.Add("employee_id");
            aspNetCore.ActorNameClaimTypes.Clear();
            aspNetCore.ActorNameClaimTypes.Add("display");
            aspNetCore.TenantClaimType = "org";
        });

        await app.PostAsync("/servers/web-01", configure: request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, "employee_id=E-7;display=Eve Example;org=acme"));

        var record = await app.SingleRecordAsync("server.updated");
        record.Actor.Should().Be(AuditActor.User("E-7", "Eve Example"));
        record.TenantId.Should().Be("acme");
    }

    [Fact]
    public async Task Actor_WithoutNameIdentifier_FallsBackToSubAndName()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/servers/web-01", configure: request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, "sub=oidc-123;name=Olga Idc"));

        (await app.SingleRecordAsync("server.updated")).Actor.Should().Be(AuditActor.User("oidc-123", "Olga Idc"));
    }
}
