using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AuditTrail.Syslog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Syslog.Tests;

/// <summary>
/// The client certificate for TLS, bound from configuration as files (<c>TlsClientCertificateFile</c>, <c>…KeyFile</c>,
/// <c>…Password</c>): a certificate cannot come from configuration. Each problem stops the forwarder's creation (and
/// the host's start), naming the option and the file, instead of failing a send.
/// </summary>
public sealed class AuditSyslogClientCertificateFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("audittrail-syslog-client-").FullName;

    [Fact]
    public void Constructor_PemCertificateAndKeyFiles_LoadsTheCertificateWithItsKey()
    {
        var (certificate, key) = WritePem("app-1");

        var loaded = Load(new AuditSyslogOptions { TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = key });

        (loaded.Subject, loaded.HasPrivateKey).Should().Be(("CN=app-1", true));
    }

    [Fact]
    public void Constructor_PemWithTheKeyInTheSameFile_LoadsIt()
    {
        var (certificate, key) = WritePem("app-1");
        File.AppendAllText(certificate, "\n" + File.ReadAllText(key));

        Load(new AuditSyslogOptions { TlsClientCertificateFile = certificate }).HasPrivateKey.Should().BeTrue();
    }

    [Fact]
    public void Constructor_EncryptedPemKeyWithItsPassword_LoadsIt()
    {
        var (certificate, _) = WritePem("app-1", password: "s3cret");
        var key = Path.Combine(directory, "app-1.key");

        Load(new AuditSyslogOptions { TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = key, TlsClientCertificatePassword = "s3cret" })
            .HasPrivateKey.Should().BeTrue();
    }

    [Theory]
    [InlineData("client.pfx")]
    [InlineData("client.P12")]
    public void Constructor_Pkcs12WithItsPassword_LoadsIt(string name)
    {
        var path = WritePkcs12(name, "s3cret");

        var loaded = Load(new AuditSyslogOptions { TlsClientCertificateFile = path, TlsClientCertificatePassword = "s3cret" });

        (loaded.Subject, loaded.HasPrivateKey).Should().Be(("CN=app-1", true));
    }

    [Fact]
    public void Constructor_BothTheCertificateAndItsFile_ThrowsNamingBoth()
    {
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Issue(authority, "app-1", client: true);
        var (certificate, key) = WritePem("app-1");

        Problem(new AuditSyslogOptions { TlsClientCertificate = client, TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = key })
            .Should().Contain("AuditSyslogOptions.TlsClientCertificate and AuditSyslogOptions.TlsClientCertificateFile are both set; set one.");
    }

    [Fact]
    public void Constructor_KeyFileWithoutTheCertificateFile_ThrowsNamingBoth()
    {
        var (_, key) = WritePem("app-1");

        Problem(new AuditSyslogOptions { TlsClientCertificateKeyFile = key })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateKeyFile is '{key}' without AuditSyslogOptions.TlsClientCertificateFile;");
    }

    [Fact]
    public void Constructor_PasswordWithoutTheCertificateFile_ThrowsNamingBoth()
    {
        Problem(new AuditSyslogOptions { TlsClientCertificatePassword = "s3cret" })
            .Should().Contain("AuditSyslogOptions.TlsClientCertificatePassword is set without AuditSyslogOptions.TlsClientCertificateFile;");
    }

    [Fact]
    public void Constructor_CertificateFileMissing_ThrowsNamingTheOptionAndThePath()
    {
        var missing = Path.Combine(directory, "missing.pem");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = missing })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateFile is '{missing}', which does not exist.");
    }

    [Fact]
    public void Constructor_KeyFileMissing_ThrowsNamingTheOptionAndThePath()
    {
        var (certificate, _) = WritePem("app-1");
        var missing = Path.Combine(directory, "missing.key");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = missing })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateKeyFile is '{missing}', which does not exist.");
    }

    [Fact]
    public void Constructor_GarbledCertificateFile_ThrowsNamingTheOptionAndThePath()
    {
        var (_, key) = WritePem("app-1");
        var garbled = Path.Combine(directory, "garbled.pem");
        File.WriteAllText(garbled, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = garbled, TlsClientCertificateKeyFile = key })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateFile is '{garbled}' with AuditSyslogOptions.TlsClientCertificateKeyFile '{key}', which could not be read as a PEM certificate with its private key: ");
    }

    [Fact]
    public void Constructor_CertificateWithoutItsKey_ThrowsNamingTheOptionAndThePath()
    {
        var (certificate, _) = WritePem("app-1");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = certificate })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateFile is '{certificate}', which holds no private key; add it to the file, or name its file in AuditSyslogOptions.TlsClientCertificateKeyFile.");
    }

    [Fact]
    public void Constructor_KeyOfAnotherCertificate_ThrowsNamingBothFiles()
    {
        var (certificate, _) = WritePem("app-1");
        var (_, otherKey) = WritePem("app-2");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = otherKey })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateFile is '{certificate}' with AuditSyslogOptions.TlsClientCertificateKeyFile '{otherKey}', which could not be read");
    }

    [Fact]
    public void Constructor_Pkcs12WithTheWrongPassword_ThrowsNamingThePasswordAndThePath()
    {
        var path = WritePkcs12("client.pfx", "s3cret");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = path, TlsClientCertificatePassword = "wrong" })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateFile is '{path}', which could not be read as PKCS#12 with AuditSyslogOptions.TlsClientCertificatePassword");
    }

    [Fact]
    public void Constructor_EncryptedPemKeyWithoutAPassword_ThrowsNamingThePassword()
    {
        var (certificate, key) = WritePem("app-1", password: "s3cret");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = certificate, TlsClientCertificateKeyFile = key })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateKeyFile is '{key}', which holds an encrypted private key; set AuditSyslogOptions.TlsClientCertificatePassword.");
    }

    [Fact]
    public void Constructor_KeyFileWithAPkcs12_ThrowsNamingTheKeyFile()
    {
        var path = WritePkcs12("client.pfx", "s3cret");
        var (_, key) = WritePem("app-1");

        Problem(new AuditSyslogOptions { TlsClientCertificateFile = path, TlsClientCertificateKeyFile = key, TlsClientCertificatePassword = "s3cret" })
            .Should().Contain($"AuditSyslogOptions.TlsClientCertificateKeyFile is '{key}', but AuditSyslogOptions.TlsClientCertificateFile '{path}' is PKCS#12, which holds its key;");
    }

    [Fact]
    public async Task HostStart_ClientCertificateFilesFromConfiguration_FailsNamingTheOption()
    {
        var missing = Path.Combine(directory, "missing.pfx");
        var settings = new Dictionary<string, string?>
        {
            ["Syslog:Host"] = "siem.internal",
            ["Syslog:Port"] = "2514",
            ["Syslog:Transport"] = "RelpTls",
            ["Syslog:TlsClientCertificateFile"] = missing,
            ["Syslog:TlsClientCertificatePassword"] = "s3cret",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAuditTrail().UseSqlite(Path.Combine(directory, "never-opened.db"))
            .AddSyslogForwarder("siem", options => new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Syslog").Bind(options));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(
            $"Syslog forwarder 'siem': AuditSyslogOptions.TlsClientCertificateFile is '{missing}', which does not exist.");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The client certificate the forwarder loads from the files of <paramref name="options"/>.</summary>
    private static X509Certificate2 Load(AuditSyslogOptions options)
    {
        (AuditSyslogClientCertificateFile.TryLoad(options, out var certificate), certificate).Should().Match<(string?, X509Certificate2?)>(pair => pair.Item1 == null && pair.Item2 != null);
        return certificate!;
    }

    /// <summary>What creating a RELP over TLS forwarder with <paramref name="options"/> throws.</summary>
    private static string Problem(AuditSyslogOptions options)
    {
        (options.Host, options.Port, options.Transport) = ("collector", 2514, AuditSyslogTransport.RelpTls);
        var create = () => new AuditSyslogForwarder(options);
        return create.Should().Throw<ArgumentException>().Which.Message;
    }

    /// <summary>Writes a client certificate of a new authority and its key (encrypted with <paramref name="password"/>) as PEM files.</summary>
    private (string Certificate, string Key) WritePem(string name, string? password = null)
    {
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Issue(authority, name, client: true);
        var certificate = Path.Combine(directory, name + ".pem");
        var key = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificate, client.ExportCertificatePem());
        using var privateKey = client.GetECDsaPrivateKey()!;
        File.WriteAllText(key, password is null
            ? privateKey.ExportPkcs8PrivateKeyPem()
            : privateKey.ExportEncryptedPkcs8PrivateKeyPem(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)));
        return (certificate, key);
    }

    private string WritePkcs12(string name, string password)
    {
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Issue(authority, "app-1", client: true);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, client.Export(X509ContentType.Pkcs12, password));
        return path;
    }
}
