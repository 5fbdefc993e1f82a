using System.Text;

namespace AuditTrail.Syslog;

/// <summary>
/// Reads RELP frames from the receiver's side of a connection, however the bytes are split across reads. A frame that
/// does not follow the grammar, or data longer than the receiver's answers can be, fails with an <see cref="IOException"/>
/// that says what was wrong.
/// </summary>
internal sealed class RelpFrameReader(Stream stream)
{
    /// <summary>The longest data read: answers are a status line and the offers of the <c>open</c> answer.</summary>
    public const int MaxDataBytes = 64 * 1024;

    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    /// <summary>The next frame, or <see langword="null"/> when the connection closed between frames.</summary>
    public async Task<RelpFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var first = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
        if (first < 0)
        {
            return null;
        }

        var (txnrText, _) = await ReadFieldAsync((byte)first, 9, IsDigit, "the transaction number", cancellationToken).ConfigureAwait(false);
        var (command, _) = await ReadFieldAsync(null, 32, b => b is >= (byte)'a' and <= (byte)'z', "the command", cancellationToken).ConfigureAwait(false);
        var (lengthText, end) = await ReadFieldAsync(null, 9, IsDigit, "the data length", cancellationToken, allowLineFeed: true).ConfigureAwait(false);
        var length = int.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture);
        if (length > MaxDataBytes)
        {
            throw Malformed($"data of {length} bytes, more than an answer holds ({MaxDataBytes})");
        }

        var data = new byte[length];
        if (end == ' ')
        {
            for (var i = 0; i < length; i++)
            {
                data[i] = (byte)await ReadRequiredByteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await ReadRequiredByteAsync(cancellationToken).ConfigureAwait(false) != '\n')
            {
                throw Malformed($"no line feed after the {length} data bytes of '{txnrText} {command}'");
            }
        }
        else if (length > 0)
        {
            throw Malformed($"the line ends after the data length {length} of '{txnrText} {command}'");
        }

        return new RelpFrame(int.Parse(txnrText, System.Globalization.CultureInfo.InvariantCulture), command, data);
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static IOException Malformed(string what) => new($"The RELP receiver sent a malformed frame: {what}.");

    /// <summary>Reads one field up to its space (or, with <paramref name="allowLineFeed"/>, its line feed), returning it and the byte that ended it.</summary>
    private async Task<(string Text, char End)> ReadFieldAsync(
        byte? first, int maxLength, Func<byte, bool> allowed, string name, CancellationToken cancellationToken, bool allowLineFeed = false)
    {
        var text = new StringBuilder();
        var next = first ?? (byte)await ReadRequiredByteAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (next == ' ' || (allowLineFeed && next == '\n'))
            {
                if (text.Length == 0)
                {
                    throw Malformed($"{name} is empty");
                }

                return (text.ToString(), (char)next);
            }

            if (!allowed(next) || text.Length == maxLength)
            {
                throw Malformed($"{name} is not valid ('{text}{(next is >= 32 and < 127 ? ((char)next).ToString() : $"\\x{next:X2}")}…')");
            }

            text.Append((char)next);
            next = (byte)await ReadRequiredByteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<int> ReadRequiredByteAsync(CancellationToken cancellationToken)
    {
        var next = await ReadByteAsync(cancellationToken).ConfigureAwait(false);
        return next >= 0 ? next : throw new IOException("The RELP receiver closed the connection in the middle of a frame.");
    }

    private async ValueTask<int> ReadByteAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (_end == 0)
            {
                return -1;
            }
        }

        return _buffer[_start++];
    }
}
