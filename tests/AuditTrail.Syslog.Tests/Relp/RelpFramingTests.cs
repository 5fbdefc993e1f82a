using System.Text;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>RELP frames as written and read, whatever way the bytes arrive.</summary>
public sealed class RelpFramingTests
{
    [Fact]
    public void Write_FrameWithData_IsTxnrCommandLengthSpaceDataLineFeed()
    {
        using var target = new MemoryStream();

        RelpFrameWriter.Write(target, 2, "syslog", "<86>1 a\nb"u8);

        Encoding.ASCII.GetString(target.ToArray()).Should().Be("2 syslog 9 <86>1 a\nb\n");
    }

    [Fact]
    public void Write_FrameWithoutData_HasNoSpaceAfterTheLength()
    {
        using var target = new MemoryStream();

        RelpFrameWriter.Write(target, 3, "close", []);

        Encoding.ASCII.GetString(target.ToArray()).Should().Be("3 close 0\n");
    }

    [Fact]
    public void Next_AfterTheHighestTxnr_IsOneAgain()
    {
        RelpFrameWriter.Next(1).Should().Be(2);
        RelpFrameWriter.Next(RelpFrameWriter.MaxTxnr).Should().Be(1, "0 is the receiver's");
    }

    [Fact]
    public async Task ReadAsync_EveryByteInARead_ReadsEachFrame()
    {
        var reader = new RelpFrameReader(new TrickleStream("1 rsp 93 200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog\n2 rsp 6 200 OK\n3 rsp 0\n0 serverclose 0\n"));

        var frames = new List<RelpFrame>();
        while (await reader.ReadAsync() is { } frame)
        {
            frames.Add(frame);
        }

        frames.Select(f => (f.Txnr, f.Command, Encoding.ASCII.GetString(f.Data))).Should().Equal(
            (1, "rsp", "200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog"),
            (2, "rsp", "200 OK"),
            (3, "rsp", ""),
            (0, "serverclose", ""));
    }

    [Theory]
    [InlineData("x rsp 6 200 OK\n", "the transaction number is not valid ('x…')")]
    [InlineData("2 RSP 6 200 OK\n", "the command is not valid ('R…')")]
    [InlineData("2 rsp six 200 OK\n", "the data length is not valid ('s…')")]
    [InlineData("2  rsp 6 200 OK\n", "the command is empty")]
    [InlineData("2 rsp 6 200 OK!\n", "no line feed after the 6 data bytes of '2 rsp'")]
    [InlineData("2 rsp 6\n", "the line ends after the data length 6 of '2 rsp'")]
    [InlineData("2 rsp 999999999 ", "data of 999999999 bytes, more than an answer holds (65536)")]
    [InlineData("1234567890 rsp 6 200 OK\n", "the transaction number is not valid ('1234567890…')")]
    public async Task ReadAsync_Malformed_ThrowsSayingWhatIsWrong(string sent, string problem)
    {
        var reader = new RelpFrameReader(new TrickleStream(sent));

        var read = () => reader.ReadAsync();

        (await read.Should().ThrowAsync<IOException>()).Which.Message.Should().Be($"The RELP receiver sent a malformed frame: {problem}.");
    }

    [Fact]
    public async Task ReadAsync_ConnectionClosedInAFrame_ThrowsSayingSo()
    {
        var reader = new RelpFrameReader(new TrickleStream("2 rsp 6 200"));

        var read = () => reader.ReadAsync();

        (await read.Should().ThrowAsync<IOException>()).WithMessage("*closed the connection in the middle of a frame*");
    }

    [Fact]
    public async Task ReadAsync_ConnectionClosedBetweenFrames_ReturnsNull()
    {
        var reader = new RelpFrameReader(new TrickleStream("2 rsp 6 200 OK\n"));
        await reader.ReadAsync();

        (await reader.ReadAsync()).Should().BeNull();
    }

    [Theory]
    [InlineData("200 OK", 200, "OK")]
    [InlineData("500 queue full", 500, "queue full")]
    [InlineData("200", 200, "")]
    public void Answer_Status_IsReadWithItsText(string data, int status, string text)
    {
        var answer = RelpAnswer.Parse(new RelpFrame(2, "rsp", Encoding.ASCII.GetBytes(data)));

        (answer.Status, answer.Text).Should().Be((status, text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("2000 OK")]
    public void Answer_WithoutAThreeDigitStatus_ThrowsSayingSo(string data)
    {
        var parse = () => RelpAnswer.Parse(new RelpFrame(2, "rsp", Encoding.ASCII.GetBytes(data)));

        parse.Should().Throw<IOException>().WithMessage($"The RELP receiver sent a malformed answer to txnr 2: '{data}' does not start with a three-digit status.");
    }

    /// <summary>A stream that hands out one byte per read, as a connection may.</summary>
    private sealed class TrickleStream(string text) : MemoryStream(Encoding.ASCII.GetBytes(text))
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
