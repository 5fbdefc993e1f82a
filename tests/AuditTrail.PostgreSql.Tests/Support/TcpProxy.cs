using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>
/// A TCP forwarder on loopback in front of the PostgreSQL server, to make the server unreachable and back on
/// demand: <see cref="GoDown"/> cuts every open connection and turns new ones away (as a stopped server does),
/// <see cref="GoUp"/> forwards again.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, TcpClient> _open = new();
    private readonly Task _accepting;
    private volatile bool _down;
    private int _turnedAway;

    public TcpProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>How many connections were turned away while down.</summary>
    public int TurnedAway => Volatile.Read(ref _turnedAway);

    public void GoDown()
    {
        _down = true;
        foreach (var (client, upstream) in _open)
        {
            Abort(client);
            Abort(upstream);
        }
    }

    public void GoUp() => _down = false;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        GoDown();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static void Abort(TcpClient client)
    {
        try
        {
            // Linger 0: close with a reset, as a crashed server's host would, rather than a graceful FIN.
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
        }

        client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_down)
            {
                Interlocked.Increment(ref _turnedAway);
                Abort(client);
                continue;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            _open[client] = upstream;
            if (_down)
            {
                return;
            }

            var clientStream = client.GetStream();
            var upstreamStream = upstream.GetStream();
            await Task.WhenAny(clientStream.CopyToAsync(upstreamStream, _stop.Token), upstreamStream.CopyToAsync(clientStream, _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut connection ends here; the client sees it as the server going away.
        }
        finally
        {
            _open.TryRemove(client, out _);
            Abort(client);
            Abort(upstream);
        }
    }
}
