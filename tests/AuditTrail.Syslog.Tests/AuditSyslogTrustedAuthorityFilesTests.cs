using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuditTrail.Conformance.Support;
using AuditTrail.Syslog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Syslog.Tests;

/// <summary>
/// The authorities to trust for TLS, bound from configuration as PEM files (<c>TlsTrustedAuthorityFiles</c>): a
/// certificate collection cannot come from configuration, and the binder ignored the key without an error.
/// </summary>
public sealed class AuditSyslogTrustedAuthorityFilesTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("audittrail-syslog-ca-").FullName;

    [Fact]
    public async Task Tls_ToAReceiverOfAnAuthorityInAPemFileFromConfiguration_Delivers()
    {
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        var pem = Path.Combine(directory, "ca.pem");
        await File.WriteAllTextAsync(pem, TestCertificates.PublicPart(authority).ExportCertificatePem());
        (await SendOneTrustingAsync(pem, server)).Should().ContainSingle();
    }

    [Fact]
    public async Task Tls_ToAReceiverOfTheSecondAuthorityInAPemBundle_Delivers()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherRequest = new CertificateRequest("CN=Another syslog CA", otherKey, HashAlgorithmName.SHA256);
        otherRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var other = otherRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        using var authority = TestCertificates.Authority();
        using var server = TestCertificates.Issue(authority, "localhost");
        var pem = Path.Combine(directory, "bundle.pem");
        await File.WriteAllTextAsync(pem, TestCertificates.PublicPart(other).ExportCertificatePem() + "\n" + TestCertificates.PublicPart(authority).ExportCertificatePem());
        (await SendOneTrustingAsync(pem, server)).Should().ContainSingle("every certificate of a bundle is trusted, not only its first");
    }

    [Fact]
    public async Task HostStart_TrustedAuthorityFileMissingOrNotACertificate_FailsNamingTheOption()
    {
        var missing = Path.Combine(directory, "missing.pem");
        var text = Path.Combine(directory, "notes.pem");
        await File.WriteAllTextAsync(text, "not a certificate");
        var settings = new Dictionary<string, string?>
        {
            ["Syslog:Host"] = "siem.internal",
            ["Syslog:Transport"] = "Tls",
            ["Syslog:TlsTrustedAuthorityFiles:0"] = missing,
            ["Syslog:TlsTrustedAuthorityFiles:1"] = text,
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAuditTrail().UseSqlite(Path.Combine(directory, "never-opened.db"))
            .AddSyslogForwarder("siem", options => Configuration(settings).GetSection("Syslog").Bind(options));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            $"Syslog forwarder 'siem': AuditSyslogOptions.TlsTrustedAuthorityFiles[0] is '{missing}', which does not exist.",
            $"Syslog forwarder 'siem': AuditSyslogOptions.TlsTrustedAuthorityFiles[1] is '{text}', which holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
    }

    /// <summary>
    /// Sends one record over TLS, with options bound from configuration that trust the authorities of
    /// <paramref name="pem"/>, to a receiver presenting <paramref name="server"/>; returns what it received.
    /// </summary>
    private static async Task<List<string>> SendOneTrustingAsync(string pem, X509Certificate2 server)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = AuditSyslogTlsTests.ReceiveAsync(listener, server, expected: 1);
        var options = Bind(new Dictionary<string, string?>
        {
            ["Syslog:Host"] = "localhost",
            ["Syslog:Port"] = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Syslog:Transport"] = "Tls",
            ["Syslog:TlsTrustedAuthorityFiles:0"] = pem,
        });
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([(Some.Record(), (long?)1)]);
        return await received.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static AuditSyslogOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new AuditSyslogOptions();
        Configuration(settings).GetSection("Syslog").Bind(options);
        return options;
    }
}
