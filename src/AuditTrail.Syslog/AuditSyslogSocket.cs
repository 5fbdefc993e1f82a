using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AuditTrail.Syslog;

/// <summary>Opens the TCP connection to the receiver, with its TLS handshake when asked, within <see cref="AuditSyslogOptions.ConnectTimeout"/>.</summary>
internal static class AuditSyslogSocket
{
    /// <summary>
    /// The connection and its stream; <paramref name="handshake"/>, when given, runs on the stream within the same
    /// timeout (RELP's <c>open</c>), so a receiver that accepts and never answers fails it too.
    /// </summary>
    public static async Task<(TcpClient Tcp, Stream Stream, T State)> ConnectAsync<T>(
        AuditSyslogOptions options, bool tls, Func<Stream, CancellationToken, Task<T>> handshake, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            try
            {
                await tcp.ConnectAsync(options.Host!, options.EffectivePort, timeout.Token).ConfigureAwait(false);
                Stream stream = tcp.GetStream();
                if (tls)
                {
                    var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                    stream = secure;
                    await secure.AuthenticateAsClientAsync(TlsOptions(options), timeout.Token).ConfigureAwait(false);
                }

                return (tcp, stream, await handshake(stream, timeout.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"The connection was not established within {options.ConnectTimeout} (AuditSyslogOptions.ConnectTimeout).");
            }
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private static SslClientAuthenticationOptions TlsOptions(AuditSyslogOptions options)
    {
        var tls = new SslClientAuthenticationOptions { TargetHost = options.TlsTargetHost ?? options.Host };
        if (options.TlsClientCertificate is { } client)
        {
            tls.ClientCertificates = [client];
        }

        if (options.TlsTrustedAuthorities.Count > 0)
        {
            // Only these authorities: the receiver's chain must end at one of them.
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(options.TlsTrustedAuthorities);
            tls.CertificateChainPolicy = policy;
        }

        return tls;
    }
}
