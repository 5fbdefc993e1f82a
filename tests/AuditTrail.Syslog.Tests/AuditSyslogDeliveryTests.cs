using System.Text.Json;
using System.Text.RegularExpressions;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Syslog.Tests;

/// <summary>Records forwarded to a real rsyslog: every one arrives once, in order, with its fields, also across a restart of the receiver.</summary>
public sealed partial class AuditSyslogDeliveryTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private RsyslogReceiver _rsyslog = null!;

    public async Task InitializeAsync()
    {
        if (File.Exists(RsyslogReceiver.Executable))
        {
            _rsyslog = await RsyslogReceiver.StartAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    public async Task DisposeAsync()
    {
        if (_rsyslog is not null)
        {
            await _rsyslog.DisposeAsync();
        }
    }

    [RsyslogFact]
    public async Task Tcp_EveryRecordArrivesOnce_InOrder_WithItsFields()
    {
        var records = Records(120);
        await using var forwarder = Forwarder(AuditSyslogTransport.Tcp);

        foreach (var batch in records.Chunk(50))
        {
            await forwarder.SendAsync([.. batch.Select(r => (r.Record, (long?)r.Sequence))]);
        }

        var lines = await _rsyslog.WaitForAsync(records.Count);
        lines.Select(line => Parse(line).Id).Should().Equal(records.Select(r => r.Record.Id), "each once, in order");
        var first = Parse(lines[0]);
        first.Priority.Should().Be((10 * 8) + 6, "authpriv, informational");
        first.Header.Should().Contain(" audittrail - server.updated ");
        first.StructuredData.Should().Contain("seq=\"1\"").And.Contain("actor=\"u1\"").And.Contain("outcome=\"Success\"");
        JsonDocument.Parse(first.Message).RootElement.GetProperty("id").GetGuid().Should().Be(records[0].Record.Id);
    }

    [RsyslogFact]
    public async Task RsyslogRestartedBetweenBatches_NothingIsLost()
    {
        var records = Records(60);
        await using var forwarder = Forwarder(AuditSyslogTransport.Tcp);
        await forwarder.SendAsync([.. records[..30].Select(r => (r.Record, (long?)r.Sequence))]);
        (await _rsyslog.WaitForAsync(30)).Should().HaveCount(30);

        await _rsyslog.StopAsync();
        await _rsyslog.StartAgainAsync();
        await forwarder.SendAsync([.. records[30..].Select(r => (r.Record, (long?)r.Sequence))]);

        // TCP syslog has no acknowledgement: the batch written last on the closed connection is sent again on the new one.
        var lines = await _rsyslog.WaitForAsync(records.Count + 30);
        lines.Select(line => Parse(line).Id).Should().Equal(records[..30].Concat(records).Select(r => r.Record.Id));
    }

    [RsyslogFact]
    public async Task RsyslogDown_TheSendFailsNamingIt_AndTheSameBatchArrivesOnceItIsBack()
    {
        var records = Records(10);
        await using var forwarder = Forwarder(AuditSyslogTransport.Tcp);
        await _rsyslog.StopAsync();

        var send = () => forwarder.SendAsync([.. records.Select(r => (r.Record, (long?)r.Sequence))]);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*syslog receiver 127.0.0.1:{_rsyslog.TcpPort} over Tcp failed*");
        await _rsyslog.StartAgainAsync();
        await send();
        (await _rsyslog.WaitForAsync(records.Count)).Select(line => Parse(line).Id).Should().Equal(records.Select(r => r.Record.Id));
    }

    [RsyslogFact]
    public async Task Udp_OneDatagramPerRecord_AsOcsf()
    {
        var records = Records(20);
        await using var forwarder = Forwarder(AuditSyslogTransport.Udp, AuditSyslogPayload.Ocsf);

        await forwarder.SendAsync([.. records.Select(r => (r.Record, (long?)r.Sequence))]);

        var lines = await _rsyslog.WaitForAsync(records.Count);
        lines.Select(line => Parse(line).Id).Should().BeEquivalentTo(records.Select(r => r.Record.Id));
        var ocsf = JsonDocument.Parse(Parse(lines[0]).Message).RootElement;
        ocsf.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.EntityManagement);
        ocsf.GetProperty("metadata").GetProperty("uid").GetGuid().Should().Be(Parse(lines[0]).Id);
    }

    [RsyslogFact]
    public async Task AsAFeedConsumer_EveryLoggedEventArrives_InCommitOrder_WithItsSequence()
    {
        var database = _directory.Combine("delivery.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddSyslogForwarder(
                options =>
                {
                    options.Host = "127.0.0.1";
                    options.Port = _rsyslog.TcpPort;
                },
                consumer => consumer.PollInterval = TimeSpan.FromMilliseconds(100));
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            for (var i = 0; i < 40; i++)
            {
                await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, null) });
            }

            var lines = await _rsyslog.WaitForAsync(40);
            await host.StopAsync();

            lines.Should().HaveCount(40);
            lines.Select(line => SequencePattern().Match(line).Groups[1].Value).Should().Equal(Enumerable.Range(1, 40).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            lines.Select(line => Parse(line).StructuredData).Should().OnlyContain(sd => sd.Contains("action=\"server.updated\"", StringComparison.Ordinal));
        }

        DeleteDatabase(database);
    }

    [RsyslogFact]
    public async Task TwoForwarders_EachSendsEveryRecord_WithOptionsAndAPositionOfItsOwn()
    {
        var database = _directory.Combine("delivery.db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddSyslogForwarder("siem-a", options => (options.Host, options.Port, options.AppName) = ("127.0.0.1", _rsyslog.TcpPort, "siem-a"), Fast)
            .AddSyslogForwarder("siem-b", options => (options.Host, options.Port, options.AppName, options.Payload) = ("127.0.0.1", _rsyslog.TcpPort, "siem-b", AuditSyslogPayload.Ocsf), Fast);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            var ids = new List<Guid>();
            for (var i = 0; i < 20; i++)
            {
                ids.Add(await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, null) }));
            }

            var lines = await _rsyslog.WaitForAsync(40);
            var checkpoints = (IAuditConsumerCheckpoints)host.Services.GetRequiredService<IAuditStore>();
            await Poll.UntilAsync(() => checkpoints.GetCheckpointsAsync().Result.All(c => c.Position == 20), "both forwarders save their position");
            var positions = await checkpoints.GetCheckpointsAsync();
            await host.StopAsync();

            lines.Where(line => line.Contains(" siem-a ", StringComparison.Ordinal)).Select(line => Parse(line).Id).Should().Equal(ids, "the first forwarder sends each record once, in order");
            var second = lines.Where(line => line.Contains(" siem-b ", StringComparison.Ordinal)).ToList();
            second.Select(line => Parse(line).Id).Should().Equal(ids, "so does the second");
            JsonDocument.Parse(Parse(second[0]).Message).RootElement.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.EntityManagement, "the second sends OCSF, its own option");
            positions.Select(c => (c.Name, c.Position)).Should().BeEquivalentTo([("siem-a", 20L), ("siem-b", 20L)]);
        }

        DeleteDatabase(database);
    }

    private static void Fast(AuditConsumerOptions consumer) => consumer.PollInterval = TimeSpan.FromMilliseconds(100);

    private static void DeleteDatabase(string database)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AsAFeedConsumer_BadOptions_FailTheHostStart_NamingThem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder(options => options.Facility = 30);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Syslog forwarder 'syslog': AuditSyslogOptions.Host is not set; name the syslog receiver's host or address.",
            "Syslog forwarder 'syslog': AuditSyslogOptions.Facility is 30; syslog facilities are 0 to 23.");
    }

    [Fact]
    public async Task AsAFeedConsumer_HostWithSchemeAndPort_FailsTheHostStart_NamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder(options => options.Host = "tcp://127.0.0.1:5514");
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Syslog forwarder 'syslog': AuditSyslogOptions.Host is 'tcp://127.0.0.1:5514'; it must be a host name or an IP address only, " +
            "without a scheme (choose the protocol with AuditSyslogOptions.Transport and the port with AuditSyslogOptions.Port).");
    }

    [GeneratedRegex(" seq=\"(\\d+)\"")]
    private static partial Regex SequencePattern();

    private AuditSyslogForwarder Forwarder(AuditSyslogTransport transport, AuditSyslogPayload payload = AuditSyslogPayload.Json) => new(new AuditSyslogOptions
    {
        Host = "127.0.0.1",
        Port = transport == AuditSyslogTransport.Udp ? _rsyslog.UdpPort : _rsyslog.TcpPort,
        Transport = transport,
        Payload = payload,
        Hostname = "app-1",
    });

    private static List<(AuditRecord Record, long Sequence)> Records(int count) =>
        [.. Some.Records(count, Some.Time).Select((record, i) => (record, (long)i + 1))];

    private static (int Priority, string Header, string StructuredData, Guid Id, string Message) Parse(string line)
    {
        var match = MessagePattern().Match(line);
        match.Success.Should().BeTrue($"an RFC 5424 message with structured data and a BOM: {line}");
        return (int.Parse(match.Groups["pri"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["header"].Value,
            match.Groups["sd"].Value, Guid.Parse(match.Groups["id"].Value), match.Groups["msg"].Value);
    }

    [GeneratedRegex("^<(?<pri>\\d+)>1 (?<header>\\S+ \\S+ \\S+ - \\S+ )(?<sd>\\[audit@32473 id=\"(?<id>[0-9a-f-]{36})\"[^\\]]*\\]) \uFEFF(?<msg>.*)$")]
    private static partial Regex MessagePattern();
}
