using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AuditTrail.Syslog;

/// <summary>
/// The stream to the receiver: a TCP connection (TLS when asked) kept open between batches, each message framed by
/// its octet count (RFC 6587, 3.4.1; RFC 5425), or a connected UDP socket sending one datagram per message.
/// A connection the receiver closed is noticed before the next batch and opened again (what the receiver sends on it,
/// nothing in syslog but over TLS its session tickets and its close_notify, is read as it comes, so that what is left
/// unread never hides the close); one that fails while sending is dropped, so the caller can send the batch again on a
/// new one.
/// </summary>
internal sealed class AuditSyslogConnection(AuditSyslogOptions options) : IAuditSyslogSender
{
    private TcpClient? _tcp;
    private Stream? _stream;
    private Task? _closedByPeer;
    private UdpClient? _udp;

    // The frames of the last batch written on the current connection, and those to write first on the next one: TCP
    // syslog has no acknowledgement, so a receiver that closed the connection may not have read the last batch.
    private byte[]? _lastFrames;
    private byte[]? _unconfirmed;

    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        try
        {
            if (options.Transport == AuditSyslogTransport.Udp)
            {
                var udp = await UdpAsync(cancellationToken).ConfigureAwait(false);
                foreach (var message in messages)
                {
                    await udp.SendAsync(message, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var stream = await StreamAsync(cancellationToken).ConfigureAwait(false);
            using var frames = new MemoryStream();
            foreach (var message in messages)
            {
                frames.Write(Encoding.ASCII.GetBytes(message.Length.ToString(CultureInfo.InvariantCulture) + " "));
                frames.Write(message);
            }

            var batch = frames.ToArray();
            if (_unconfirmed is { } unconfirmed)
            {
                await WriteAsync(stream, unconfirmed, cancellationToken).ConfigureAwait(false);
            }

            await WriteAsync(stream, batch, cancellationToken).ConfigureAwait(false);
            (_lastFrames, _unconfirmed) = (batch, null);
        }
        catch (OperationCanceledException)
        {
            // Cancelled mid-write: a frame may be cut short, so the next batch must not follow it on this connection.
            await CloseAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            await CloseAsync().ConfigureAwait(false);
            throw new IOException($"Sending {messages.Count} audit record(s) to the syslog receiver {options.Host}:{options.EffectivePort} over {options.Transport} failed: {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync() => CloseAsync();

    /// <summary>Writes the frames within <see cref="AuditSyslogOptions.SendTimeout"/>, so a receiver that stopped reading fails the batch instead of holding it.</summary>
    private async Task WriteAsync(Stream stream, ReadOnlyMemory<byte> frames, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.SendTimeout);
        try
        {
            await stream.WriteAsync(frames, timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"The receiver did not take the batch within {options.SendTimeout} (AuditSyslogOptions.SendTimeout).");
        }
    }

    private async Task<UdpClient> UdpAsync(CancellationToken cancellationToken)
    {
        if (_udp is null)
        {
            var udp = new UdpClient();
            try
            {
                var addresses = await System.Net.Dns.GetHostAddressesAsync(options.Host!, cancellationToken).ConfigureAwait(false);
                udp.Connect(addresses[0], options.EffectivePort);
            }
            catch
            {
                udp.Dispose();
                throw;
            }

            _udp = udp;
        }

        return _udp;
    }

    private async Task<Stream> StreamAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null && (_closedByPeer!.IsCompleted || ClosedByPeer(_tcp!.Client)))
        {
            await CloseAsync().ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            return _stream;
        }

        var (tcp, stream, _) = await AuditSyslogSocket.ConnectAsync(
            options, options.Transport == AuditSyslogTransport.Tls, static (_, _) => Task.FromResult(true), cancellationToken).ConfigureAwait(false);
        (_tcp, _stream, _closedByPeer) = (tcp, stream, ReadUntilClosedAsync(stream));
        return stream;
    }

    /// <summary>
    /// Reads and drops what the receiver sends until it closes the connection (the read returns nothing or fails), so
    /// the task completes when it did. Over TLS this is also what handles the receiver's post-handshake messages.
    /// </summary>
    private static async Task ReadUntilClosedAsync(Stream stream)
    {
        var buffer = new byte[1024];
        try
        {
            while (await stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException or System.Security.Authentication.AuthenticationException)
        {
            // Closed, reset, or disposed by CloseAsync: the connection is done either way.
        }
    }

    /// <summary>Whether the receiver closed the connection: readable with nothing to read (a receiver sends nothing otherwise).</summary>
    private static bool ClosedByPeer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private async ValueTask CloseAsync()
    {
        _unconfirmed ??= _lastFrames;
        _lastFrames = null;
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _tcp?.Dispose();
        _udp?.Dispose();
        (_tcp, _stream, _closedByPeer, _udp) = (null, null, null, null);
    }
}
