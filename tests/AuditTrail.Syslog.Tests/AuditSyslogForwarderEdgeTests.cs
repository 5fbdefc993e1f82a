using System.Net;
using System.Net.Sockets;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests;

/// <summary>The forwarder used directly: an empty batch, a disposed forwarder, a TLS name that cannot be one.</summary>
public sealed class AuditSyslogForwarderEdgeTests
{
    [Fact]
    public async Task SendAsync_EmptyBatch_OpensNoConnection()
    {
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "127.0.0.1", Port = ClosedPort() });

        var send = () => forwarder.SendAsync([]);

        await send.Should().NotThrowAsync("nothing to send needs no receiver");
    }

    [Fact]
    public async Task SendAsync_AfterDisposeAsync_ThrowsObjectDisposedException_NamingTheForwarder()
    {
        var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "127.0.0.1", Port = ClosedPort() });
        await forwarder.DisposeAsync();

        var send = () => forwarder.SendAsync([(Some.Record(), 1)]);

        (await send.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(typeof(AuditSyslogForwarder).FullName);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("tls://collector")]
    public void Constructor_TlsTargetHostNotAHostName_ThrowsNamingTheOption(string targetHost)
    {
        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Transport = AuditSyslogTransport.Tls, TlsTargetHost = targetHost });

        create.Should().Throw<ArgumentException>().WithMessage($"*AuditSyslogOptions.TlsTargetHost is '{targetHost}'*");
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
