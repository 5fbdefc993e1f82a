using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace AuditTrail.Syslog;

/// <summary>
/// One RELP session on an open connection: the <c>open</c> handshake, <c>syslog</c> frames sent with up to a window of
/// them unanswered, each of which must be answered <c>200</c> in order, and <c>close</c>. What the receiver sends is read
/// as it comes, so a <c>serverclose</c> or a closed connection between batches is seen before the next one.
/// </summary>
internal sealed class RelpSession : IAsyncDisposable
{
    private static readonly byte[] Offers = Encoding.ASCII.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"relp_version=0\nrelp_software=AuditTrail.Syslog,{typeof(RelpSession).Assembly.GetName().Version}\ncommands=syslog"));

    private readonly Stream _stream;
    private readonly Channel<RelpFrame> _frames = Channel.CreateUnbounded<RelpFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _reading;
    private string? _ended;
    private int _txnr;

    private RelpSession(Stream stream)
    {
        _stream = stream;
        _reading = ReadAllAsync(new RelpFrameReader(stream));
    }

    /// <summary>Whether the session can take a batch: the receiver neither ended it nor sent anything unasked.</summary>
    public bool IsOpen => _ended is null && !_frames.Reader.TryPeek(out _);

    /// <summary>Sends <c>open</c> with the offers and waits, within <paramref name="cancellationToken"/>, for its <c>200</c>.</summary>
    public static async Task<RelpSession> OpenAsync(Stream stream, CancellationToken cancellationToken)
    {
        var session = new RelpSession(stream);
        try
        {
            var txnr = await session.WriteAsync("open", Offers, cancellationToken).ConfigureAwait(false);
            var answer = await session.AnswerAsync(txnr, "the open offers", cancellationToken).ConfigureAwait(false);
            if (answer.Offers.FirstOrDefault(offer => offer.StartsWith("commands=", StringComparison.Ordinal)) is { } commands
                && !commands["commands=".Length..].Split(',').Contains("syslog"))
            {
                throw new IOException($"The RELP receiver does not take syslog messages (it offers '{commands}').");
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Sends each message as a <c>syslog</c> frame, keeping at most <paramref name="window"/> unanswered, and returns once
    /// every one was answered <c>200</c>; otherwise throws <see cref="IOException"/> (the session is then unusable).
    /// <paramref name="answerTimeout"/> is how long the receiver may go without taking a frame or answering one.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<byte[]> messages, int window, TimeSpan answerTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(answerTimeout);
        var pending = new Queue<(int Txnr, int Index)>();
        using var frames = new MemoryStream();
        var next = 0;
        try
        {
            while (next < messages.Count || pending.Count > 0)
            {
                frames.SetLength(0);
                while (next < messages.Count && pending.Count < window)
                {
                    _txnr = RelpFrameWriter.Next(_txnr);
                    RelpFrameWriter.Write(frames, _txnr, "syslog", messages[next]);
                    pending.Enqueue((_txnr, next++));
                }

                if (frames.Length > 0)
                {
                    await _stream.WriteAsync(frames.GetBuffer().AsMemory(0, (int)frames.Length), timeout.Token).ConfigureAwait(false);
                    await _stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                }

                // At least one answer, then every answer already here, before writing more.
                do
                {
                    var (txnr, index) = pending.Peek();
                    var answer = await AnswerAsync(txnr, $"record {index + 1} of {messages.Count}", timeout.Token, refusalFails: false).ConfigureAwait(false);
                    if (answer.Status != 200)
                    {
                        throw new IOException($"The RELP receiver refused record {index + 1} of {messages.Count} (txnr {txnr}): {answer.Status} {answer.Text}.");
                    }

                    pending.Dequeue();
                    timeout.CancelAfter(answerTimeout);
                }
                while (pending.Count > 0 && _frames.Reader.TryPeek(out _));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"The receiver did not acknowledge {pending.Count} record(s) of the batch within {answerTimeout} (AuditSyslogOptions.SendTimeout).");
        }
    }

    /// <summary>Sends <c>close</c> and waits, at most <paramref name="timeout"/>, for its answer; then closes the connection.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        if (IsOpen)
        {
            using var bounded = new CancellationTokenSource(timeout);
            try
            {
                var txnr = await WriteAsync("close", [], bounded.Token).ConfigureAwait(false);
                await AnswerAsync(txnr, "close", bounded.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or NotSupportedException)
            {
                // Closing anyway: every batch sent was answered or reported as failed already.
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _ended ??= "the session was closed";
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _reading.ConfigureAwait(false);
    }

    private async Task<int> WriteAsync(string command, byte[] data, CancellationToken cancellationToken)
    {
        _txnr = RelpFrameWriter.Next(_txnr);
        using var frame = new MemoryStream();
        RelpFrameWriter.Write(frame, _txnr, command, data);
        await _stream.WriteAsync(frame.GetBuffer().AsMemory(0, (int)frame.Length), cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return _txnr;
    }

    /// <summary>
    /// The answer to <paramref name="txnr"/>, which must be the next frame the receiver sent. An answer other than
    /// <c>200</c> fails here unless <paramref name="refusalFails"/> is <see langword="false"/> (a record's, which the
    /// caller reports with its place in the batch).
    /// </summary>
    private async Task<RelpAnswer> AnswerAsync(int txnr, string what, CancellationToken cancellationToken, bool refusalFails = true)
    {
        RelpFrame? frame;
        while (!_frames.Reader.TryRead(out frame))
        {
            if (!await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new IOException($"No answer to {what} (txnr {txnr}): {_ended}.");
            }
        }

        if (frame.Command == "serverclose")
        {
            throw new IOException($"The RELP receiver ended the session (serverclose) before answering {what} (txnr {txnr}).");
        }

        if (frame.Command != "rsp")
        {
            throw new IOException($"The RELP receiver sent '{frame.Command}' where the answer to {what} (txnr {txnr}) was due.");
        }

        if (frame.Txnr != txnr)
        {
            throw new IOException($"The RELP receiver answered txnr {frame.Txnr} where the answer to {what} (txnr {txnr}) was due.");
        }

        var answer = RelpAnswer.Parse(frame);
        return answer.Status == 200 || !refusalFails
            ? answer
            : throw new IOException($"The RELP receiver refused {what}: {answer.Status} {answer.Text}.");
    }

    /// <summary>Reads frames until the receiver ends the session or the connection closes, then records why.</summary>
    private async Task ReadAllAsync(RelpFrameReader reader)
    {
        await Task.Yield();
        try
        {
            while (await reader.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                _frames.Writer.TryWrite(frame);
                if (frame.Command == "serverclose")
                {
                    _ended ??= "the receiver ended the session (serverclose)";
                    return;
                }
            }

            _ended ??= "the receiver closed the connection";
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or NotSupportedException or System.Security.Authentication.AuthenticationException)
        {
            _ended ??= e is IOException { Message: var message } && message.StartsWith("The RELP", StringComparison.Ordinal) ? message : $"the connection failed ({e.Message})";
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }
}
