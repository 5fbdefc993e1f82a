using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>RELP over TLS to a real rsyslogd (imrelp with <c>tls="on"</c>) whose certificate a private authority issued.</summary>
public sealed class AuditSyslogRelpTlsTests
{
    [RsyslogRelpTlsFact]
    public async Task RelpTls_ToARealRsyslog_EveryRecordArrivesOnce_InOrder()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority, relp: true);
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.RelpPort, Transport = AuditSyslogTransport.RelpTls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var records = Some.Records(50, Some.Time).ToList();
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

        var lines = await rsyslog.WaitForAsync(records.Count);
        lines.Should().HaveCount(records.Count);
        lines.Zip(records).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal), "in order");
    }

    [RsyslogRelpTlsFact]
    public async Task RelpTls_ToAGnuTlsRsyslogAskingForAClientCertificate_EveryRecordArrives_WithOne()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        using var client = TestCertificates.Issue(authority, "app-1", client: true);
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority, relp: true, relpClientCertificates: true);
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.RelpPort, Transport = AuditSyslogTransport.RelpTls, TlsClientCertificate = client };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var records = Some.Records(10, Some.Time).ToList();
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

        (await rsyslog.WaitForAsync(records.Count)).Zip(records).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal));
    }

    [RsyslogRelpTlsFact]
    public async Task RelpTls_ToAGnuTlsRsyslogAskingForAClientCertificate_FromPemFilesBoundFromConfiguration_EveryRecordArrives()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        using var client = TestCertificates.Issue(authority, "app-1", client: true);
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority, relp: true, relpClientCertificates: true);
        var directory = Directory.CreateTempSubdirectory("audittrail-syslog-client-").FullName;
        try
        {
            var files = (Certificate: Path.Combine(directory, "app-1.pem"), Key: Path.Combine(directory, "app-1.key"), Authority: Path.Combine(directory, "ca.pem"));
            await File.WriteAllTextAsync(files.Certificate, client.ExportCertificatePem());
            using (var key = client.GetECDsaPrivateKey()!)
            {
                await File.WriteAllTextAsync(files.Key, key.ExportPkcs8PrivateKeyPem());
            }

            await File.WriteAllTextAsync(files.Authority, authority.ExportCertificatePem());
            var options = new AuditSyslogOptions();
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Syslog:Host"] = "localhost",
                ["Syslog:Port"] = rsyslog.RelpPort.ToString(CultureInfo.InvariantCulture),
                ["Syslog:Transport"] = "RelpTls",
                ["Syslog:TlsTrustedAuthorityFiles:0"] = files.Authority,
                ["Syslog:TlsClientCertificateFile"] = files.Certificate,
                ["Syslog:TlsClientCertificateKeyFile"] = files.Key,
            }).Build().GetSection("Syslog").Bind(options);
            var records = Some.Records(10, Some.Time).ToList();
            await using var forwarder = new AuditSyslogForwarder(options);

            await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

            (await rsyslog.WaitForAsync(records.Count)).Zip(records).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [RsyslogRelpTlsFact]
    public async Task RelpTls_RecordOverImrelpsMaxDataSize_ToAnAbortingRsyslog_IsCutAndMarked_AndTheBatchHandedOn()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority, relp: true, maxMessageSize: null, relpOversizeMode: "abort");
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.RelpPort, Transport = AuditSyslogTransport.RelpTls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(authority));
        var big = Some.Record() with { Changes = [new AuditFieldChange("policy", new string('a', 10_240), new string('b', 10_240))] };
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([(Some.Record(), 1), (big, 2), (Some.Record(), 3)]);

        var lines = await rsyslog.WaitForAsync(3);
        lines.Should().HaveCount(3);
        lines[1].Split('\uFEFF')[0].Should().Contain($"id=\"{big.Id}\" seq=\"2\"").And.EndWith(" truncated=\"true\"] ");
    }

    [Fact]
    public void Constructor_ClientCertificateWithoutItsKey_ThrowsNamingTheOption()
    {
        using var authority = TestCertificates.Authority();
        using var withoutKey = TestCertificates.PublicPart(authority);

        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Port = 2514, Transport = AuditSyslogTransport.RelpTls, TlsClientCertificate = withoutKey });

        create.Should().Throw<ArgumentException>().WithMessage("AuditSyslogOptions.TlsClientCertificate is 'CN=AuditTrail test syslog CA' without its private key;*");
    }

    [RsyslogRelpTlsFact]
    public async Task RelpTls_ReceiverOfAnUntrustedAuthority_FailsNamingTheReceiver()
    {
        using var authority = TestCertificates.Authority();
        using var other = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        await using var rsyslog = await RsyslogReceiver.StartAsync(server, authority, relp: true);
        var options = new AuditSyslogOptions { Host = "localhost", Port = rsyslog.RelpPort, Transport = AuditSyslogTransport.RelpTls };
        options.TlsTrustedAuthorities.Add(TestCertificates.PublicPart(other));
        await using var forwarder = new AuditSyslogForwarder(options);

        var send = () => forwarder.SendAsync([(Some.Record(), 1)]);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*syslog receiver localhost:{rsyslog.RelpPort} over RelpTls failed*");
        rsyslog.Received().Should().BeEmpty();
    }
}
