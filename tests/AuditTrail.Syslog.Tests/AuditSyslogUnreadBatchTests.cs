using System.Net;
using System.Net.Sockets;
using System.Text;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests;

/// <summary>
/// TCP syslog has no acknowledgement: a batch the operating system took counts as sent. A receiver that closed the
/// connection without reading the last batch (it restarted) would lose it; the forwarder sends it again on the new one.
/// </summary>
public sealed class AuditSyslogUnreadBatchTests
{
    [Fact]
    public async Task ReceiverClosedWithoutReadingTheLastBatch_TheBatchIsSentAgainOnTheNewConnection()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndpoint).Port });
            var first = Some.Record();
            var second = Some.Record();
            var accept = listener.AcceptTcpClientAsync();
            await forwarder.SendAsync([(first, 1)]);
            using (var unread = await accept)
            {
                // Closed with the batch still unread, as a receiver that stops: the kernel discards it.
                unread.Client.LingerState = new LingerOption(true, 0);
            }

            var reconnect = listener.AcceptTcpClientAsync();
            await Poll.UntilAsync(() => SendNextAsync(forwarder, second, reconnect), "the forwarder notices the closed connection");
            using var next = await reconnect;
            var received = await ReadAsync(next.GetStream(), second.Id.ToString());

            received.Should().Contain(first.Id.ToString(), "the batch the closed connection did not deliver is sent again");
            received.IndexOf(first.Id.ToString(), StringComparison.Ordinal).Should().BeLessThan(received.IndexOf(second.Id.ToString(), StringComparison.Ordinal), "in order");
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool SendNextAsync(AuditSyslogForwarder forwarder, AuditRecord record, Task<TcpClient> reconnect)
    {
        forwarder.SendAsync([(record, 2)]).GetAwaiter().GetResult();
        return reconnect.IsCompleted;
    }

    private static async Task<string> ReadAsync(NetworkStream stream, string until)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (!text.ToString().Contains(until, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
