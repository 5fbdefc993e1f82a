using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests;

/// <summary>TLS (RFC 5425) to a receiver whose certificate a private authority issued: trusted when configured, refused otherwise.</summary>
public sealed class AuditSyslogTlsTests
{
    [Fact]
    public async Task Tls_ToAReceiverOfATrustedAuthority_DeliversOctetCountedMessages()
    {
        using var authority = Authority();
        using var server = Issue(authority, "localhost");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = ReceiveAsync(listener, server, expected: 3);
        var options = new AuditSyslogOptions { Host = "localhost", Port = ((IPEndPoint)listener.LocalEndpoint).Port, Transport = AuditSyslogTransport.Tls };
        options.TlsTrustedAuthorities.Add(X509CertificateLoader.LoadCertificate(authority.Export(X509ContentType.Cert)));
        var records = Some.Records(3, Some.Time);
        await using var forwarder = new AuditSyslogForwarder(options);

        await forwarder.SendAsync([.. records.Select((record, i) => (record, (long?)i + 1))]);

        var messages = await received.WaitAsync(TimeSpan.FromSeconds(20));
        messages.Should().HaveCount(3);
        messages.Select(message => message[..message.IndexOf(' ', StringComparison.Ordinal)]).Should().OnlyContain(pri => pri == "<86>1");
        messages.Zip(records).Should().OnlyContain(pair => pair.First.Contains($"id=\"{pair.Second.Id}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tls_ToAReceiverOfAnUntrustedAuthority_FailsNamingTheReceiver()
    {
        using var authority = Authority();
        using var server = Issue(authority, "localhost");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = ReceiveAsync(listener, server, expected: 1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var forwarder = new AuditSyslogForwarder(new AuditSyslogOptions { Host = "localhost", Port = port, Transport = AuditSyslogTransport.Tls });

        var send = () => forwarder.SendAsync([(Some.Record(), (long?)1)]);

        (await send.Should().ThrowAsync<IOException>()).WithMessage($"*localhost:{port} over Tls failed*");
    }

    /// <summary>Accepts one TLS connection and reads octet-counted frames until <paramref name="expected"/> messages came.</summary>
    private static async Task<List<string>> ReceiveAsync(TcpListener listener, X509Certificate2 certificate, int expected)
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

    private static X509Certificate2 Authority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=AuditTrail test syslog CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(50), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
