using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuditTrail.Syslog.Tests.Support;

/// <summary>
/// An in-process RELP receiver on a free loopback port: it answers <c>open</c> with its offers and, by default, every
/// other frame <c>200 OK</c>; <see cref="OnFrame"/> replaces that answer to play a receiver that refuses, ends the
/// session, answers wrongly or not at all.
/// </summary>
internal sealed class FakeRelpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;

    private FakeRelpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static FakeRelpServer Start() => new();

    /// <summary>What to do with a frame other than <c>open</c>, given the connection's number (from 1); by default answer it <c>200 OK</c>.</summary>
    public Func<FakeRelpConnection, RelpFrame, Task>? OnFrame { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every frame received, with the number of the connection it came on.</summary>
    public ConcurrentQueue<(int Connection, RelpFrame Frame)> Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        lock (_clients)
        {
            _clients.ForEach(client => client.Dispose());
        }

        await _accepting;
    }

    private async Task AcceptAsync()
    {
        var number = 0;
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = ServeAsync(new FakeRelpConnection(++number, client));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(FakeRelpConnection connection)
    {
        var reader = new RelpFrameReader(connection.Stream);
        try
        {
            while (await reader.ReadAsync() is { } frame)
            {
                Received.Enqueue((connection.Number, frame));
                if (frame.Command == "open")
                {
                    await connection.AnswerAsync(frame.Txnr, "200 OK\nrelp_version=0\nrelp_software=fake\ncommands=syslog");
                }
                else if (OnFrame is { } onFrame)
                {
                    await onFrame(connection, frame);
                }
                else
                {
                    await connection.AnswerAsync(frame.Txnr, frame.Command == "close" ? "" : "200 OK");
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client or the test closed the connection.
        }
    }
}

/// <summary>One accepted connection of <see cref="FakeRelpServer"/>.</summary>
internal sealed class FakeRelpConnection(int number, TcpClient client)
{
    public int Number { get; } = number;

    public NetworkStream Stream { get; } = client.GetStream();

    public Task AnswerAsync(int txnr, string data) =>
        WriteAsync(data.Length == 0 ? $"{txnr} rsp 0\n" : $"{txnr} rsp {Encoding.UTF8.GetByteCount(data)} {data}\n");

    public async Task WriteAsync(string raw)
    {
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(raw));
        await Stream.FlushAsync();
    }

    /// <summary>Closes the connection at once (a reset), as a receiver that crashed.</summary>
    public void Abort()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Dispose();
    }
}
