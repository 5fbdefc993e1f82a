using System.Text;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>
/// RELP messages are cut to <see cref="AuditSyslogOptions.MaxRelpMessageBytes"/> as UDP datagrams are to theirs: a
/// longer one is marked <c>truncated="true"</c> and keeps its id and sequence; one that fits goes whole.
/// </summary>
public sealed class AuditSyslogRelpMessageSizeTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private FakeRelpServer _server = null!;

    public Task InitializeAsync()
    {
        _server = FakeRelpServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData(1000)]
    [InlineData(480)]
    public async Task SendAsync_RecordOverMaxRelpMessageBytes_IsSentCutToIt_MarkedTruncated_WithItsIdAndSeq(int? max)
    {
        var record = Big();
        await using var forwarder = Forwarder(max);

        await forwarder.SendAsync([(record, 7)]).WaitAsync(Bound);

        var data = Messages().Should().ContainSingle().Subject;
        data.Length.Should().Be(max ?? 8096, "cut to the limit (8 096 by default), an ASCII MSG to the byte");
        Encoding.UTF8.GetString(data).Should().Contain($"[audit@32473 id=\"{record.Id}\" seq=\"7\"")
            .And.Contain($" truncated=\"true\"] \uFEFF{{\"id\":\"{record.Id}\"");
    }

    [Fact]
    public async Task SendAsync_MessageOfExactlyMaxRelpMessageBytes_GoesWhole_AndOneByteLessIsCut()
    {
        var record = Some.Record();
        var whole = new AuditSyslogFormatter(Options(null), new AuditOcsfOptions()).Format(record, 1);
        await using (var exact = Forwarder(whole.Length))
        {
            await exact.SendAsync([(record, 1)]).WaitAsync(Bound);
        }

        await using (var under = Forwarder(whole.Length - 1))
        {
            await under.SendAsync([(record, 1)]).WaitAsync(Bound);
        }

        var messages = Messages();
        messages[0].Should().Equal(whole, "a message that fits is sent as it is");
        Encoding.UTF8.GetString(messages[1]).Should().Contain(" truncated=\"true\"]");
        messages[1].Length.Should().BeLessThanOrEqualTo(whole.Length - 1);
    }

    [Fact]
    public async Task SendAsync_ReceiverEndingTheSessionOnAFrameOverItsMaxDataSize_TakesABatchWithABigRecord_AtTheDefaults()
    {
        // As imrelp with oversizeMode="abort" and its default maxDataSize: a frame of more than 8 096 bytes ends the session.
        _server.OnFrame = async (connection, frame) =>
        {
            if (frame.Data.Length > 8096)
            {
                await connection.WriteAsync("0 serverclose 0\n");
                connection.Abort();
                return;
            }

            await connection.AnswerAsync(frame.Txnr, frame.Command == "close" ? "" : "200 OK");
        };
        List<(AuditRecord Record, long? Sequence)> batch = [(Some.Record(), 1), (Big(), 2), (Some.Record(), 3)];
        await using var forwarder = Forwarder(null);

        await forwarder.SendAsync(batch).WaitAsync(Bound);

        _server.Received.Count(r => r.Frame.Command == "open").Should().Be(1, "the session was never ended");
        Messages().Select(data => Encoding.UTF8.GetString(data)).Should().SatisfyRespectively(
            text => text.Should().Contain($"id=\"{batch[0].Record.Id}\"").And.NotContain("truncated"),
            text => text.Should().Contain($"id=\"{batch[1].Record.Id}\" seq=\"2\"").And.Contain(" truncated=\"true\"]"),
            text => text.Should().Contain($"id=\"{batch[2].Record.Id}\"").And.NotContain("truncated"));
    }

    /// <summary>A record whose message is about 20 KiB: a large diff in its changes.</summary>
    private static AuditRecord Big() =>
        Some.Record() with { Changes = [new AuditFieldChange("policy", new string('a', 10_240), new string('b', 10_240))] };

    private List<byte[]> Messages() => [.. _server.Received.Where(r => r.Frame.Command == "syslog").Select(r => r.Frame.Data)];

    private AuditSyslogOptions Options(int? max)
    {
        var options = new AuditSyslogOptions { Host = "127.0.0.1", Port = _server.Port, Transport = AuditSyslogTransport.Relp, Hostname = "app-1" };
        if (max is { } value)
        {
            options.MaxRelpMessageBytes = value;
        }

        return options;
    }

    private AuditSyslogForwarder Forwarder(int? max) => new(Options(max));
}
