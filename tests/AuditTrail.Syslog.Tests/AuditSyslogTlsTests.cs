using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;
using AuditTrail.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Syslog.Tests;

/// <summary>TLS (RFC 5425) to a receiver whose certificate a private authority issued (a test listener, and a real rsyslogd with its OpenSSL driver): trusted when configured, refused otherwise.</summary>
public sealed class AuditSyslogTlsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Tls_ToAReceiverOfATrustedAuthority_DeliversOctetCountedMessages()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = ReceiveAsync(listener, server, expected: 3);
        var options = new AuditSyslogOptions { Host = "localhost", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Transport = AuditSyslogTransport.Tls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var records = Some.Records(3, Some.Time);
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

        var messages = await received.WaitAsync(TimeSpan.FromSeconds(20));
        messages.Should().HaveCount(3);
        messages.Select(message => message[..message.IndexOf(' ', StringComparison.Ordinal)]).Should().OnlyContain(pri => pri == "<86>1");
        messages.Zip(records).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal));
    }

    [RsyslogTlsFact]
    public async Task Tls_ToARealRsyslog_EveryRecordArrivesOnce_InOrder()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority);
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.TcpPort, Transport = AuditSyslogTransport.Tls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var records = Some.Records(30, Some.Time).ToList();
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

        var lines = await rsyslog.WaitForAsync(records.Count);
        lines.Should().HaveCount(records.Count);
        lines.Zip(records).Should().OnlyContain(pair => pair.First.StartsWith("<86>1 ", StringComparison.Ordinal) && pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal),
            "rsyslog's TLS driver decrypts each octet-counted frame into one message, in order");
    }

    [RsyslogTlsFact]
    public async Task Tls_ToARealRsyslog_RestartedBetweenBatches_NothingIsLost()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority);
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.TcpPort, Transport = AuditSyslogTransport.Tls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var records = Some.Records(20, Some.Time).ToList();
        await using var forwarder = new AuditSyslogForwarder(options);
        await forwarder.SendAsync([.. records[..10].Select((record, i) => (record, (long?)i + 1))]);
        (await rsyslog.WaitForAsync(10)).Should().HaveCount(10);

        await rsyslog.StopAsync();
        await rsyslog.StartAgainAsync();
        await forwarder.SendAsync([.. records[10..].Select((record, i) => (record, (long?)i + 11))]);

        // The batch written last on the closed connection is sent again on the new one: TLS syslog has no acknowledgement.
        var expected = records[..10].Concat(records).ToList();
        var lines = await rsyslog.WaitForAsync(expected.Count);
        lines.Zip(expected).Should().HaveCount(expected.Count).And.OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal),
            "the connection the receiver closed (over TLS, with what the receiver sent on it still unread) is noticed before the next batch");
    }

    [RsyslogTlsFact]
    public async Task AsAFeedConsumer_OverTlsToARealRsyslog_EveryLoggedEventArrivesOnce_InCommitOrder()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority);
        var database = Path.Combine(_directory.Path, "audittrail-syslog-tls-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddSyslogForwarder(
                "siem-tls",
                options =>
                {
                    (options.Host, options.Port, options.Transport) = ("localhost", rsyslog.TcpPort, AuditSyslogTransport.Tls);
                    options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
                },
                consumer => (consumer.PollInterval, consumer.BatchSize) = (TimeSpan.FromMilliseconds(100), 7));
        var logged = new List<Guid>();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            for (var i = 0; i < 30; i++)
            {
                logged.Add(await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, null) }));
            }

            await rsyslog.WaitForAsync(logged.Count);
            var checkpoints = (IAuditConsumerCheckpoints)host.Services.GetRequiredService<IAuditStore>();
            await Poll.UntilAsync(() => checkpoints.GetCheckpointsAsync().Result.Single().Position == logged.Count, "the forwarder saves its position");
            await host.StopAsync();
        }

        var lines = rsyslog.Received();
        lines.Should().HaveCount(logged.Count, "each record arrives once");
        lines.Zip(logged).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second}\"", StringComparison.Ordinal), "in commit order, over several batches on one TLS connection");
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_directory.Path, Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    [RsyslogTlsFact]
    public async Task Tls_ToARealRsyslog_WithAnUntrustedCertificate_FailsAndSendsNothing()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority);
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "localhost", Port = rsyslog.TcpPort, Transport = AuditSyslogTransport.Tls });

        var send = () => forwarder.SendAsync([(Some.Record(), (long?)1)]);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*localhost:{rsyslog.TcpPort} over Tls failed*");
        rsyslog.Received().Should().BeEmpty();
    }

    [Fact]
    public async Task Tls_ToAReceiverOfAnUntrustedAuthority_FailsNamingTheReceiver()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = ReceiveAsync(listener, server, expected: 1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "localhost", Port = port, Transport = AuditSyslogTransport.Tls });

        var send = () => forwarder.SendAsync([(Some.Record(), (long?)1)]);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*localhost:{port} over Tls failed*");
    }

    /// <summary>Accepts one TLS connection and reads octet-counted frames until <paramref name="expected"/> messages came.</summary>
    internal static async Task<List<string>> ReceiveAsync(TcpListener listener, X509Certificate2 certificate, int expected)
    {
        var messages = new List<string>();
        while (messages.Count < expected)
        {
            using var client = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(certificate);
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                continue;
            }

            var reader = new BufferedStream(tls);
            while (messages.Count < expected)
            {
                var length = new StringBuilder();
                int b;
                while ((b = reader.ReadByte()) is >= '0' and <= '9')
                {
                    length.Append((char)b);
                }

                if (b != ' ')
                {
                    break;
                }

                var message = new byte[int.Parse(length.ToString(), System.Globalization.CultureInfo.InvariantCulture)];
                await reader.ReadExactlyAsync(message);
                messages.Add(Encoding.UTF8.GetString(message));
            }
        }

        return messages;
    }
}
