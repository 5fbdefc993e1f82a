using System.Text;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>
/// The forwarder over RELP against an in-process receiver: a batch is handed on only once each of its messages was
/// answered 200 in order; a refusal, a <c>serverclose</c>, a lost connection, a wrong or malformed answer, or no answer
/// fails it (after the one retry on a new session) with a message that says which.
/// </summary>
public sealed class AuditSyslogRelpSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private FakeRelpServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeRelpServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_EveryMessageAnswered_OpensWithOffers_SendsEachRecordInOrder_TxnrFromOne_AndClosesOnDispose()
    {
        var records = Records(5);
        await using (var forwarder = Forwarder())
        {
            await forwarder.SendAsync(records).WaitAsync(Bound);
        }

        await Poll.UntilAsync(() => _server.Received.Any(r => r.Frame.Command == "close"), "the forwarder closes the session");
        var frames = _server.Received.Select(r => r.Frame).ToList();
        frames.Select(f => (f.Txnr, f.Command)).Should().Equal([(1, "open"), .. Enumerable.Range(2, 5).Select(t => (t, "syslog")), (7, "close")]);
        Encoding.ASCII.GetString(frames[0].Data).Should().StartWith("relp_version=0\nrelp_software=AuditTrail.Syslog,").And.EndWith("\ncommands=syslog");
        frames.Skip(1).Take(5).Select(f => Encoding.UTF8.GetString(f.Data)).Should().SatisfyRespectively(records.Select(r => (Action<string>)(message =>
            message.Should().StartWith("<86>1 ").And.Contain($"id=\"{r.Record.Id}\""))));
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswersOnlyAFullWindow_TheWindowIsSentWithoutWaiting()
    {
        // Answers nothing until four frames wait: a forwarder that waited for each answer would never finish.
        var waiting = new List<int>();
        _server.OnFrame = async (connection, frame) =>
        {
            waiting.Add(frame.Txnr);
            if (waiting.Count == 4 || frame.Command == "close")
            {
                foreach (var txnr in waiting)
                {
                    await connection.AnswerAsync(txnr, "200 OK");
                }

                waiting.Clear();
            }
        };
        await using var forwarder = Forwarder(window: 4);

        await forwarder.SendAsync(Records(8)).WaitAsync(Bound);

        _server.Received.Count(r => r.Frame.Command == "syslog").Should().Be(8, "each once: every answer came");
    }

    [Fact]
    public async Task SendAsync_ReceiverRefusesAMessage_FailsNamingTheRecordAndTheAnswer()
    {
        _server.OnFrame = (connection, frame) => connection.AnswerAsync(frame.Txnr, frame.Txnr == 3 ? "500 queue full" : "200 OK");
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(3)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*127.0.0.1:{_server.Port} over Relp failed: The RELP receiver refused record 2 of 3 (txnr 3): 500 queue full.");
        _server.Received.Count(r => r.Frame.Command == "open").Should().Be(2, "the batch is sent once more on a new session before the failure is reported");
    }

    [Fact]
    public async Task SendAsync_ReceiverEndsTheSessionWithTheBatchUnanswered_TheBatchIsSentAgainOnANewSession()
    {
        _server.OnFrame = async (connection, frame) =>
        {
            if (connection.Number == 1)
            {
                await connection.WriteAsync("0 serverclose 0\n");
                connection.Abort();
            }
            else
            {
                await connection.AnswerAsync(frame.Txnr, "200 OK");
            }
        };
        await using var forwarder = Forwarder();
        var records = Records(3);

        await forwarder.SendAsync(records).WaitAsync(Bound);

        _server.Received.Where(r => r.Connection == 2 && r.Frame.Command == "syslog").Select(r => Encoding.UTF8.GetString(r.Frame.Data))
            .Should().SatisfyRespectively(records.Select(r => (Action<string>)(message => message.Should().Contain($"id=\"{r.Record.Id}\""))));
    }

    [Fact]
    public async Task SendAsync_ReceiverAlwaysEndsTheSession_FailsSayingSo()
    {
        _server.OnFrame = (connection, frame) => connection.WriteAsync("0 serverclose 0\n");
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(2)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*The RELP receiver ended the session (serverclose) before answering record 1 of 2 (txnr 2).");
    }

    [Fact]
    public async Task SendAsync_ReceiverDropsTheConnectionUnanswered_FailsSayingSo()
    {
        _server.OnFrame = (connection, frame) =>
        {
            connection.Abort();
            return Task.CompletedTask;
        };
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(2)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*over Relp failed*");
    }

    [Fact]
    public async Task SendAsync_AnswerSplitAcrossWrites_IsRead()
    {
        _server.OnFrame = async (connection, frame) =>
        {
            foreach (var part in new[] { $"{frame.Txnr} r", "sp 6 2", "00 OK", "\n" })
            {
                await connection.WriteAsync(part);
            }
        };
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(3)).WaitAsync(Bound);

        await send.Should().NotThrowAsync();
    }

    [Fact]
    public async Task SendAsync_MalformedAnswer_FailsSayingWhatWasWrong()
    {
        _server.OnFrame = (connection, frame) => connection.WriteAsync($"{frame.Txnr} rsp 6 200 OK!\n");
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(1)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*The RELP receiver sent a malformed frame: no line feed after the 6 data bytes of '2 rsp'.*");
    }

    [Fact]
    public async Task SendAsync_AnswerWithAnotherTxnr_FailsNamingBoth()
    {
        _server.OnFrame = (connection, frame) => connection.AnswerAsync(frame.Txnr + 5, "200 OK");
        await using var forwarder = Forwarder();

        var send = () => forwarder.SendAsync(Records(1)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*The RELP receiver answered txnr 7 where the answer to record 1 of 1 (txnr 2) was due.");
    }

    [Fact]
    public async Task SendAsync_NoAnswer_FailsWithinSendTimeout_NamingIt()
    {
        _server.OnFrame = (_, _) => Task.CompletedTask;
        await using var forwarder = Forwarder(sendTimeout: TimeSpan.FromSeconds(1));

        var send = () => forwarder.SendAsync(Records(3)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*did not acknowledge 3 record(s) of the batch within 00:00:01 (AuditSyslogOptions.SendTimeout).");
    }

    [Fact]
    public async Task SendAsync_OpenNeverAnswered_FailsWithinConnectTimeout_NamingIt()
    {
        await using var silent = new SilentListener();
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions
        {
            Host = "127.0.0.1",
            Port = silent.Port,
            Transport = AuditSyslogTransport.Relp,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });

        var send = () => forwarder.SendAsync(Records(1)).WaitAsync(Bound);

        (await send.Should().ThrowAsync<IOException>()).WithMessage("*not established within 00:00:01 (AuditSyslogOptions.ConnectTimeout)*");
    }

    [Fact]
    public async Task SendAsync_Cancelled_ThrowsOperationCanceled_AndTheNextBatchGoesOnANewSession()
    {
        _server.OnFrame = (_, _) => Task.CompletedTask;
        await using var forwarder = Forwarder();
        using var cancel = new CancellationTokenSource();
        var send = forwarder.SendAsync(Records(1), cancel.Token);
        await Poll.UntilAsync(() => _server.Received.Any(r => r.Frame.Command == "syslog"), "the message was sent");

        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => send.WaitAsync(Bound)).Should().ThrowAsync<OperationCanceledException>();
        _server.OnFrame = null;
        await forwarder.SendAsync(Records(1)).WaitAsync(Bound);
        _server.Received.Where(r => r.Frame.Command == "open").Select(r => r.Connection).Should().Equal(1, 2);
    }

    private static List<(AuditRecord Record, long? Sequence)> Records(int count) =>
        [.. Some.Records(count, Some.Time).Select((record, i) => (record, (long?)i + 1))];

    private AuditSyslogForwarder Forwarder(int window = 128, TimeSpan? sendTimeout = null) => new(new AuditSyslogOptions
    {
        Host = "127.0.0.1",
        Port = _server.Port,
        Transport = AuditSyslogTransport.Relp,
        RelpWindowSize = window,
        SendTimeout = sendTimeout ?? TimeSpan.FromSeconds(30),
    });

    /// <summary>Accepts connections and never reads or answers.</summary>
    private sealed class SilentListener : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);

        public SilentListener() => _listener.Start();

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public ValueTask DisposeAsync()
        {
            _listener.Stop();
            return ValueTask.CompletedTask;
        }
    }
}
