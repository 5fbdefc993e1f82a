using System.Text;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>
/// A record larger than imrelp's <c>maxDataSize</c> (by default rsyslog's <c>maxMessageSize</c>, 8 096 bytes), sent to
/// a real rsyslogd at its default settings and with <c>oversizeMode="abort"</c> (imrelp's behaviour before 8.35.0):
/// the forwarder gets past it, and the record arrives cut by the forwarder, marked <c>truncated="true"</c>, with its id.
/// </summary>
public sealed class AuditSyslogRelpLargeRecordTests
{
    /// <summary>As the feed consumer does: a batch that fails is sent again, and the position moves only once it is handed on.</summary>
    private const int Attempts = 3;

    [RsyslogRelpTheory]
    [InlineData(null)]
    [InlineData("abort")]
    public async Task Relp_RecordOverImrelpsMaxDataSize_IsCutAndMarked_AndTheRecordsAfterItArrive(string? oversizeMode)
    {
        await using var rsyslog = await RsyslogReceiver.StartAsync(relp: true, maxMessageSize: null, relpOversizeMode: oversizeMode);
        var big = Some.Record() with { Changes = [new AuditFieldChange("policy", new string('a', 10_240), new string('b', 10_240))] };
        List<(AuditRecord Record, long? Sequence)> batch = [(Some.Record(), 1), (big, 2), (Some.Record(), 3)];
        List<(AuditRecord Record, long? Sequence)> next = [(Some.Record(), 4)];
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions
        {
            Host = "127.0.0.1",
            Port = rsyslog.RelpPort,
            Transport = AuditSyslogTransport.Relp,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            SendTimeout = TimeSpan.FromSeconds(5),
        });

        (await HandOnAsync(forwarder, batch)).Should().BeNull("the batch with the big record is handed on, so the consumer's position moves past it");
        (await HandOnAsync(forwarder, next)).Should().BeNull("the record after the batch goes too");

        var lines = await rsyslog.WaitForAsync(4);
        lines.Select(StructuredData).Should().HaveCount(4).And.SatisfyRespectively(
            data => data.Should().Contain($"id=\"{batch[0].Record.Id}\" seq=\"1\"").And.NotContain("truncated"),
            data => data.Should().Contain($"id=\"{big.Id}\" seq=\"2\"").And.EndWith(" truncated=\"true\"] "),
            data => data.Should().Contain($"id=\"{batch[2].Record.Id}\" seq=\"3\""),
            data => data.Should().Contain($"id=\"{next[0].Record.Id}\" seq=\"4\""));
        lines[1].Should().Contain($"\uFEFF{{\"id\":\"{big.Id}\"", "the MSG is the record's JSON, cut");
        Encoding.UTF8.GetByteCount(lines[1]).Should().BeLessThanOrEqualTo(8096, "the forwarder cut it to MaxRelpMessageBytes (default 8 096), so rsyslog took it whole");
    }

    /// <summary>The header and structured data of a received message: what comes before the MSG's BOM.</summary>
    private static string StructuredData(string line) => line.Split('\uFEFF')[0];

    /// <summary>Sends the batch up to <see cref="Attempts"/> times; <see langword="null"/> once handed on, else the last failure's message.</summary>
    private static async Task<string?> HandOnAsync(AuditSyslogForwarder forwarder, IReadOnlyList<(AuditRecord Record, long? Sequence)> batch)
    {
        string? failure = null;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                await forwarder.SendAsync(batch).WaitAsync(TimeSpan.FromSeconds(60));
                return null;
            }
            catch (IOException e)
            {
                failure = e.Message;
            }
        }

        return failure;
    }
}
