using System.Net.Sockets;

namespace AuditTrail.Syslog;

/// <summary>
/// The RELP session to the receiver (rsyslog's <c>imrelp</c>), over TCP or TLS, kept open between batches: a batch is
/// handed on only once the receiver answered every one of its messages <c>200 OK</c>. A session the receiver ended, or
/// one that failed, is dropped and a new one opened for the next batch.
/// </summary>
internal sealed class AuditSyslogRelpConnection(AuditSyslogOptions options) : IAuditSyslogSender
{
    private TcpClient? _tcp;
    private RelpSession? _session;

    public async Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        try
        {
            var session = await SessionAsync(cancellationToken).ConfigureAwait(false);
            await session.SendAsync(messages, options.RelpWindowSize, options.SendTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await DropAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            await DropAsync().ConfigureAwait(false);
            throw new IOException($"Sending {messages.Count} audit record(s) to the syslog receiver {options.Host}:{options.EffectivePort} over {options.Transport} failed: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.CloseAsync(options.ConnectTimeout).ConfigureAwait(false);
        }

        await DropAsync().ConfigureAwait(false);
    }

    private async Task<RelpSession> SessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { IsOpen: false })
        {
            await DropAsync().ConfigureAwait(false);
        }

        if (_session is null)
        {
            (_tcp, _, _session) = await AuditSyslogSocket.ConnectAsync(
                options, options.Transport == AuditSyslogTransport.RelpTls, RelpSession.OpenAsync, cancellationToken).ConfigureAwait(false);
        }

        return _session;
    }

    private async ValueTask DropAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        _tcp?.Dispose();
        (_tcp, _session) = (null, null);
    }
}
