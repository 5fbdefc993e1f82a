using AuditTrail.Syslog.Tests.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Syslog.Tests;

/// <summary>
/// TLS options with a transport that does not use TLS: a section that leaves out <c>Transport</c> (TCP by default)
/// would otherwise send the records in plain text to a receiver the host meant to reach over TLS.
/// </summary>
public sealed class AuditSyslogTlsWithoutTlsTransportTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task HostStart_TlsOptionsFromConfigurationWithoutTransport_FailsNamingThem()
    {
        using var authority = TestCertificates.Authority();
        var pem = _directory.Combine("authority.pem");
        await File.WriteAllTextAsync(pem, TestCertificates.PublicPart(authority).ExportCertificatePem());
        var settings = new Dictionary<string, string?>
        {
            ["Syslog:Host"] = "siem.internal",
            ["Syslog:TlsTargetHost"] = "siem.example.com",
            ["Syslog:TlsTrustedAuthorityFiles:0"] = pem,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder("siem", options => new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Syslog").Bind(options));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(
            "Syslog forwarder 'siem': AuditSyslogOptions.Transport is Tcp, which does not use TLS, but AuditSyslogOptions.TlsTargetHost and " +
            "AuditSyslogOptions.TlsTrustedAuthorityFiles are set; the records would go in plain text: set Transport to Tls or RelpTls, or remove them.");
    }

    [Theory]
    [InlineData(AuditSyslogTransport.Udp)]
    [InlineData(AuditSyslogTransport.Relp)]
    public void Collect_ClientCertificatePasswordWithPlainTransport_NamesTransportAndOption(AuditSyslogTransport transport)
    {
        var options = new AuditSyslogOptions { Host = "siem.internal", Port = 2514, Transport = transport, TlsClientCertificatePassword = "s3cret" };

        AuditSyslogOptionsValidation.Collect(options).Should().Contain(
            $"AuditSyslogOptions.Transport is {transport}, which does not use TLS, but AuditSyslogOptions.TlsClientCertificatePassword is set; " +
            "the records would go in plain text: set Transport to Tls or RelpTls, or remove it.");
    }

    [Theory]
    [InlineData(AuditSyslogTransport.Tls)]
    [InlineData(AuditSyslogTransport.RelpTls)]
    public void Collect_TlsOptionsWithTlsTransport_AreAccepted(AuditSyslogTransport transport)
    {
        var options = new AuditSyslogOptions { Host = "siem.internal", Port = 2514, Transport = transport, TlsTargetHost = "siem.example.com" };

        AuditSyslogOptionsValidation.Collect(options).Should().BeEmpty();
    }
}
