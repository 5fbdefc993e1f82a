using System.Text.RegularExpressions;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>
/// RELP to a real rsyslogd (imrelp): records arrive in order, and a receiver that crashes or stops while batches are
/// on their way loses none of them, where plain TCP loses the batches the receiver had not read.
/// </summary>
public sealed partial class AuditSyslogRelpDeliveryTests : IAsyncLifetime
{
    private RsyslogReceiver _rsyslog = null!;

    public async Task InitializeAsync()
    {
        if (File.Exists(RsyslogReceiver.Executable) && File.Exists(RsyslogReceiver.RelpModule))
        {
            _rsyslog = await RsyslogReceiver.StartAsync(relp: true);
        }
    }

    public async Task DisposeAsync()
    {
        if (_rsyslog is not null)
        {
            await _rsyslog.DisposeAsync();
        }
    }

    [RsyslogRelpFact]
    public async Task Relp_EveryRecordArrivesOnce_InOrder_WithItsId()
    {
        var records = Records(300);
        await using var forwarder = Forwarder(AuditSyslogTransport.Relp, window: 16);

        foreach (var batch in records.Chunk(100))
        {
            await forwarder.SendAsync(batch);
        }

        var lines = await _rsyslog.WaitForAsync(records.Count);
        lines.Select(Id).Should().Equal(records.Select(r => r.Record.Id), "each once, in order");
        lines[0].Should().StartWith("<86>1 ").And.Contain(" app-1 audittrail - ");
    }

    [RsyslogRelpFact]
    public async Task Relp_ReceiverCrashesWithBatchesUnread_EveryRecordArrivesOnceItIsBack()
    {
        var (records, received) = await CrashWithBatchesUnreadAsync(AuditSyslogTransport.Relp);

        received.Should().Contain(records.Select(r => r.Record.Id), "a batch counts only once rsyslog answered each message: none is lost");
    }

    [RsyslogRelpFact]
    public async Task Tcp_ReceiverCrashesWithBatchesUnread_LosesThem_TheGapRelpCloses()
    {
        var (records, received) = await CrashWithBatchesUnreadAsync(AuditSyslogTransport.Tcp);

        records.Select(r => r.Record.Id).Except(received).Should().NotBeEmpty(
            "TCP syslog has no acknowledgement: the batches the operating system took while rsyslogd was frozen counted as sent, and died with it");
    }

    [RsyslogRelpFact]
    public async Task Relp_ReceiverStoppedAndStartedAgainWhileBatchesAreSent_EveryRecordArrives()
    {
        var records = Records(1000);
        await using var forwarder = Forwarder(AuditSyslogTransport.Relp);
        var sending = Task.Run(async () =>
        {
            foreach (var batch in records.Chunk(25))
            {
                await SendUntilHandedOnAsync(forwarder, batch);
            }
        });

        await Poll.UntilAsync(() => _rsyslog.Received().Count >= 100, "rsyslog wrote the first records", TimeSpan.FromSeconds(60));
        await _rsyslog.StopAsync();
        await _rsyslog.StartAgainAsync();
        await sending.WaitAsync(TimeSpan.FromSeconds(120));

        var last = records[^1].Record.Id.ToString();
        await Poll.UntilAsync(() => _rsyslog.Received().Any(line => line.Contains(last, StringComparison.Ordinal)), "the last record arrives", TimeSpan.FromSeconds(30));
        _rsyslog.Received().Select(Id).Should().Contain(records.Select(r => r.Record.Id), "at least once: none lost across the restart");
    }

    /// <summary>
    /// The scenario plain TCP cannot survive: one batch arrives; rsyslogd freezes, and the forwarder, as the feed consumer
    /// does, sends the next batches until one fails (none is read); rsyslogd is killed and started again on the same
    /// ports; the forwarder goes on from the first batch that failed, then sends one more.
    /// </summary>
    private async Task<(List<(AuditRecord Record, long? Sequence)> Records, HashSet<Guid> Received)> CrashWithBatchesUnreadAsync(AuditSyslogTransport transport)
    {
        var records = Records(70);
        var batches = records.Chunk(10).ToList();
        await using var forwarder = Forwarder(transport);
        await forwarder.SendAsync(batches[0]);
        await _rsyslog.WaitForAsync(10);

        await _rsyslog.PauseAsync();
        var position = 1;
        for (; position < batches.Count - 1; position++)
        {
            try
            {
                await forwarder.SendAsync(batches[position]);
            }
            catch (IOException)
            {
                break;
            }
        }

        await _rsyslog.CrashAsync();
        await _rsyslog.StartAgainAsync();
        for (; position < batches.Count; position++)
        {
            await SendUntilHandedOnAsync(forwarder, batches[position]);
        }

        var last = records[^1].Record.Id.ToString();
        await Poll.UntilAsync(() => _rsyslog.Received().Any(line => line.Contains(last, StringComparison.Ordinal)), "the last batch arrives", TimeSpan.FromSeconds(30));
        return (records, [.. _rsyslog.Received().Select(Id)]);
    }

    /// <summary>Sends the batch again until it is handed on, as the feed consumer retries it (bounded).</summary>
    private static Task SendUntilHandedOnAsync(AuditSyslogForwarder forwarder, (AuditRecord Record, long? Sequence)[] batch) =>
        Poll.UntilAsync(
            () =>
            {
                try
                {
                    forwarder.SendAsync(batch).GetAwaiter().GetResult();
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            "the batch is handed on",
            TimeSpan.FromSeconds(60));

    private AuditSyslogForwarder Forwarder(AuditSyslogTransport transport, int window = 128) => new(new AuditSyslogOptions
    {
        Host = "127.0.0.1",
        Port = transport == AuditSyslogTransport.Relp ? _rsyslog.RelpPort : _rsyslog.TcpPort,
        Transport = transport,
        Hostname = "app-1",
        RelpWindowSize = window,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        SendTimeout = TimeSpan.FromSeconds(2),
    });

    private static List<(AuditRecord Record, long? Sequence)> Records(int count) =>
        [.. Some.Records(count, Some.Time).Select((record, i) => (record, (long?)i + 1))];

    private static Guid Id(string line) => Guid.Parse(IdPattern().Match(line).Groups[1].Value);

    [GeneratedRegex("\\[audit@32473 id=\"([0-9a-f-]{36})\"")]
    private static partial Regex IdPattern();
}
