using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuditTrail.Conformance.Support;
using AuditTrail.Samples.WebApp;
using AuditTrail.Syslog.Tests.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Syslog.Tests.Relp;

/// <summary>The RELP options: checked at start naming each one, bound from configuration, and taken by the sample's settings.</summary>
public sealed class AuditSyslogRelpOptionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(AuditSyslogTransport.Relp)]
    [InlineData(AuditSyslogTransport.RelpTls)]
    public void Constructor_RelpWithoutPort_ThrowsNamingThePort(AuditSyslogTransport transport)
    {
        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Transport = transport });

        create.Should().Throw<ArgumentException>().WithMessage("AuditSyslogOptions.Port is not set; RELP has no standard port: set the port of the receiver's imrelp input.*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Constructor_RelpWindowSizeOutOfRange_ThrowsNamingIt(int window)
    {
        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Port = 2514, Transport = AuditSyslogTransport.Relp, RelpWindowSize = window });

        create.Should().Throw<ArgumentException>().WithMessage($"AuditSyslogOptions.RelpWindowSize is {window}; it must be between 1 and 1000.*");
    }

    [Theory]
    [InlineData(479)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_MaxRelpMessageBytesUnder480_ThrowsNamingIt(int max)
    {
        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Port = 2514, Transport = AuditSyslogTransport.Relp, MaxRelpMessageBytes = max });

        create.Should().Throw<ArgumentException>().WithParameterName("options").WithMessage(
            $"AuditSyslogOptions.MaxRelpMessageBytes is {max}; it must be at least 480 (set the receiver's imrelp maxDataSize, 8096 by default).*");
    }

    [Fact]
    public void MaxRelpMessageBytes_DefaultsToImrelpsDefaultMaxDataSize_AndTakes480()
    {
        new AuditSyslogOptions().MaxRelpMessageBytes.Should().Be(8096, "rsyslog's default maxMessageSize, which imrelp's maxDataSize defaults to");
        var create = () => new AuditSyslogForwarder(new AuditSyslogOptions { Host = "collector", Port = 2514, Transport = AuditSyslogTransport.Relp, MaxRelpMessageBytes = 480 });
        create.Should().NotThrow();
    }

    [Fact]
    public async Task HostStart_MaxRelpMessageBytesFromConfigurationTooSmall_FailsNamingTheForwarderAndTheOption()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder("siem", options => Bind(options, new()
            {
                ["Syslog:Host"] = "siem.internal", ["Syslog:Port"] = "2514", ["Syslog:Transport"] = "Relp", ["Syslog:MaxRelpMessageBytes"] = "100",
            }));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Syslog forwarder 'siem': AuditSyslogOptions.MaxRelpMessageBytes is 100; it must be at least 480 (set the receiver's imrelp maxDataSize, 8096 by default).");
    }

    [Fact]
    public async Task HostStart_RelpWithoutPort_FailsNamingTheForwarderAndTheOption()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder("siem", options => Bind(options, new() { ["Syslog:Host"] = "siem.internal", ["Syslog:Transport"] = "Relp" }));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Syslog forwarder 'siem': AuditSyslogOptions.Port is not set; RELP has no standard port: set the port of the receiver's imrelp input.");
    }

    [Fact]
    public async Task Configuration_TransportRelpAndItsOptions_AreBound_AndTheForwarderSpeaksRelp()
    {
        await using var server = FakeRelpServer.Start();
        var options = new AuditSyslogOptions();
        Bind(options, new()
        {
            ["Syslog:Host"] = "127.0.0.1",
            ["Syslog:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Syslog:Transport"] = "Relp",
            ["Syslog:RelpWindowSize"] = "8",
            ["Syslog:MaxRelpMessageBytes"] = "1000",
        });
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([(Some.Record() with { Description = new string('x', 2000) }, 1)]).WaitAsync(TimeSpan.FromSeconds(60));

        (options.Transport, options.RelpWindowSize, options.MaxRelpMessageBytes).Should().Be((AuditSyslogTransport.Relp, 8, 1000));
        server.Received.Select(r => r.Frame.Command).Should().StartWith(["open", "syslog"]);
        server.Received.Single(r => r.Frame.Command == "syslog").Frame.Data.Length.Should().BeLessThanOrEqualTo(1000, "the record is cut to the bound MaxRelpMessageBytes");
    }

    [Fact]
    public void Sample_TransportRelpAndTrustedAuthorityFiles_AreTaken()
    {
        var pem = Path.Combine(Path.GetTempPath(), "audittrail-sample-ca-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
        using (var authority = TestCertificates.Authority())
        {
            File.WriteAllText(pem, authority.ExportCertificatePem());
        }

        try
        {
            var options = MonitoringApp.Create(
                [
                    "--urls", "http://127.0.0.1:0", "--Syslog:Host", "siem.internal", "--Syslog:Port", "2514",
                    "--Syslog:Transport", "RelpTls", "--Syslog:TlsTrustedAuthorityFiles:0", pem,
                ]).Services.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>().Get(AuditSyslogBuilderExtensions.DefaultConsumerName);

            (options.Transport, options.Port).Should().Be((AuditSyslogTransport.RelpTls, 2514));
            options.TlsTrustedAuthorityFiles.Should().Equal(pem);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void Sample_ClientCertificateFiles_AreTaken()
    {
        var directory = Directory.CreateTempSubdirectory("audittrail-sample-client-").FullName;
        try
        {
            var (certificate, key) = (Path.Combine(directory, "client.pem"), Path.Combine(directory, "client.key"));
            using (var authority = TestCertificates.Authority())
            using (var client = TestCertificates.Issue(authority, "app-1", client: true))
            using (var privateKey = client.GetECDsaPrivateKey()!)
            {
                File.WriteAllText(certificate, client.ExportCertificatePem());
                File.WriteAllText(key, privateKey.ExportEncryptedPkcs8PrivateKeyPem("s3cret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
            }

            var options = MonitoringApp.Create(
                [
                    "--urls", "http://127.0.0.1:0", "--Syslog:Host", "siem.internal", "--Syslog:Port", "2514", "--Syslog:Transport", "RelpTls",
                    "--Syslog:TlsClientCertificateFile", certificate, "--Syslog:TlsClientCertificateKeyFile", key, "--Syslog:TlsClientCertificatePassword", "s3cret",
                ]).Services.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>().Get(AuditSyslogBuilderExtensions.DefaultConsumerName);

            (options.TlsClientCertificateFile, options.TlsClientCertificateKeyFile, options.TlsClientCertificatePassword).Should().Be((certificate, key, "s3cret"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Sample_MessageSizesAndRelpWindow_AreTaken()
    {
        var options = MonitoringApp.Create(
            [
                "--urls", "http://127.0.0.1:0", "--Syslog:Host", "siem.internal", "--Syslog:Port", "2514", "--Syslog:Transport", "Relp",
                "--Syslog:RelpWindowSize", "16", "--Syslog:MaxRelpMessageBytes", "65536", "--Syslog:MaxUdpMessageBytes", "1200",
            ]).Services.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>().Get(AuditSyslogBuilderExtensions.DefaultConsumerName);

        (options.RelpWindowSize, options.MaxRelpMessageBytes, options.MaxUdpMessageBytes).Should().Be((16, 65536, 1200));
    }

    [Theory]
    [InlineData("RelpWindowSize", "many")]
    [InlineData("MaxRelpMessageBytes", "-1")]
    [InlineData("MaxUdpMessageBytes", "2 KiB")]
    public void Sample_ANumberSettingThatIsNotANumber_IsRefusedNamingIt(string key, string value)
    {
        var create = () => MonitoringApp.Create(
            ["--urls", "http://127.0.0.1:0", "--Syslog:Host", "siem.internal", "--Syslog:Port", "2514", "--Syslog:Transport", "Relp", $"--Syslog:{key}", value])
            .Services.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>().Get(AuditSyslogBuilderExtensions.DefaultConsumerName);

        create.Should().Throw<InvalidOperationException>().WithMessage($"*Syslog:{key}*'{value}'*");
    }

    private static void Bind(AuditSyslogOptions options, Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Syslog").Bind(options);
}
