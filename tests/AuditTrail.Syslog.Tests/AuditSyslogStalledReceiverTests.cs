using System.Net;
using System.Net.Sockets;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests;

/// <summary>A receiver that accepts the connection and then stops answering fails the batch within the timeouts instead of holding the forwarder.</summary>
public sealed class AuditSyslogStalledReceiverTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TcpListener _listener;
    private readonly List<Socket> _accepted = [];

    public AuditSyslogStalledReceiverTests()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Server.ReceiveBufferSize = 4096;
        _listener.Start();
        _ = AcceptForeverAsync();
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(socket => socket.Dispose());
        }
    }

    [Fact]
    public async Task SendAsync_ReceiverStopsReading_FailsWithinSendTimeout_NamingIt()
    {
        await using var forwarder = Forwarder(AuditSyslogTransport.Tcp);
        // 40 records of 1 MB each: more than the socket buffers of both ends hold.
        var records = Some.Records(40, Some.Time).Select((record, i) => (record with { Description = new string('x', 1_000_000) }, (long?)i + 1)).ToList();

        var send = () => forwarder.SendAsync(records).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*did not take the batch within 00:00:01 (AuditSyslogOptions.SendTimeout)*");
    }

    [Fact]
    public async Task SendAsync_TlsReceiverNeverAnswersTheHandshake_FailsWithinConnectTimeout_NamingIt()
    {
        await using var forwarder = Forwarder(AuditSyslogTransport.Tls);

        var send = () => forwarder.SendAsync([(Some.Records(1, Some.Time)[0], 1)]).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*not established within 00:00:01 (AuditSyslogOptions.ConnectTimeout)*");
    }

    private AuditSyslogForwarder Forwarder(AuditSyslogTransport transport) => new(new AuditSyslogOptions
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
        Transport = transport,
        TlsTargetHost = transport == AuditSyslogTransport.Tls ? "localhost" : null,
        ConnectTimeout = TimeSpan.FromSeconds(1),
        SendTimeout = TimeSpan.FromSeconds(1),
    });

    /// <summary>Accepts every connection and never reads from it.</summary>
    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener stopped.
        }
    }
}
