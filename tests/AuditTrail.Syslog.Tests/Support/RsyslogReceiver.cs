using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Syslog.Tests.Support;

/// <summary>
/// A real rsyslogd on free loopback ports (TCP, or TLS through its OpenSSL driver, and UDP), in a folder of its own,
/// writing every message it receives (as received, one per line) to a file the test reads. It can be stopped and
/// started again on the same ports.
/// </summary>
public sealed class RsyslogReceiver : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/rsyslogd";

    /// <summary>rsyslog's OpenSSL network stream driver (Debian's rsyslog-openssl package).</summary>
    public const string OpenSslDriver = "/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so";

    /// <summary>rsyslog's RELP input (Debian's rsyslog-relp package).</summary>
    public const string RelpModule = "/usr/lib/x86_64-linux-gnu/rsyslog/imrelp.so";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-rsyslog-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    private RsyslogReceiver()
    {
        TcpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
        UdpPort = FreePort(SocketType.Dgram, ProtocolType.Udp);
        RelpPort = FreePort(SocketType.Stream, ProtocolType.Tcp);
    }

    /// <summary>The port of the RELP input (imrelp), when started with one.</summary>
    public int RelpPort { get; }

    private bool _relp;

    public int TcpPort { get; }

    public int UdpPort { get; }

    private string ReceivedFile => Path.Combine(_directory, "received.log");

    /// <summary>
    /// Starts a receiver; with <paramref name="tlsCertificate"/> (and the key in it), its TCP port speaks TLS (RFC 5425)
    /// only. With <paramref name="relp"/>, it also takes RELP on <see cref="RelpPort"/> (over TLS with the certificate,
    /// through librelp's OpenSSL library: with its default GnuTLS one, imrelp refuses a client without a certificate;
    /// with <paramref name="relpClientCertificates"/>, through GnuTLS, asking for a client certificate of the authority).
    /// <paramref name="maxMessageSize"/> is rsyslog's global <c>maxMessageSize</c> (also imrelp's <c>maxDataSize</c>),
    /// <see langword="null"/> for rsyslog's default (8 096 bytes); <paramref name="relpOversizeMode"/> is imrelp's
    /// <c>oversizeMode</c>, <see langword="null"/> for its default (<c>truncate</c>).
    /// </summary>
    public static async Task<RsyslogReceiver> StartAsync(
        X509Certificate2? tlsCertificate = null,
        X509Certificate2? authority = null,
        bool relp = false,
        bool relpClientCertificates = false,
        string? maxMessageSize = "64k",
        string? relpOversizeMode = null)
    {
        var receiver = new RsyslogReceiver { _relp = relp };
        var relpInput = "";
        Directory.CreateDirectory(receiver._directory);
        var global = $"workDirectory=\"{receiver._directory}\"{(maxMessageSize is null ? "" : $" maxMessageSize=\"{maxMessageSize}\"")}";
        var tcp = "";
        if (tlsCertificate is not null)
        {
            var files = (Ca: Path.Combine(receiver._directory, "ca.pem"), Cert: Path.Combine(receiver._directory, "cert.pem"), Key: Path.Combine(receiver._directory, "key.pem"));
            await File.WriteAllTextAsync(files.Ca, (authority ?? tlsCertificate).ExportCertificatePem());
            await File.WriteAllTextAsync(files.Cert, tlsCertificate.ExportCertificatePem());
            using (var key = tlsCertificate.GetECDsaPrivateKey() ?? throw new ArgumentException("The certificate has no ECDSA private key.", nameof(tlsCertificate)))
            {
                await File.WriteAllTextAsync(files.Key, key.ExportPkcs8PrivateKeyPem());
            }

            global += $" defaultNetstreamDriverCAFile=\"{files.Ca}\" defaultNetstreamDriverCertFile=\"{files.Cert}\" defaultNetstreamDriverKeyFile=\"{files.Key}\"";
            tcp = " streamDriver.name=\"ossl\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\"";
            relpInput = $" tls=\"on\"{(relpClientCertificates ? " tls.authMode=\"certvalid\"" : "")} tls.caCert=\"{files.Ca}\" tls.myCert=\"{files.Cert}\" tls.myPrivKey=\"{files.Key}\"";
        }

        if (relp)
        {
            relpInput = $"""
                module(load="imrelp"{(tlsCertificate is null || relpClientCertificates ? "" : " tls.tlslib=\"openssl\"")})
                input(type="imrelp" port="{receiver.RelpPort}" address="127.0.0.1" ruleset="audit"{(relpOversizeMode is null ? "" : $" oversizeMode=\"{relpOversizeMode}\"")}{relpInput})
                """;
        }

        await File.WriteAllTextAsync(Path.Combine(receiver._directory, "rsyslog.conf"), $$"""
            global({{global}})
            module(load="imtcp"{{tcp}})
            module(load="imudp")
            template(name="raw" type="string" string="%rawmsg%\n")
            ruleset(name="audit") {
              action(type="omfile" file="{{receiver.ReceivedFile}}" template="raw" flushOnTXEnd="on" asyncWriting="off")
            }
            input(type="imtcp" port="{{receiver.TcpPort}}" address="127.0.0.1" ruleset="audit")
            input(type="imudp" port="{{receiver.UdpPort}}" address="127.0.0.1" ruleset="audit")
            {{(relp ? relpInput : "")}}
            """);
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Starts rsyslogd and waits (bounded) until it accepts TCP (and RELP) connections.</summary>
    public async Task StartAgainAsync()
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-n", "-f", Path.Combine(_directory, "rsyslog.conf"), "-i", Path.Combine(_directory, "rsyslogd.pid") })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("rsyslogd did not start.");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"rsyslogd exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, TcpPort);
                if (_relp)
                {
                    using var relpProbe = new TcpClient();
                    await relpProbe.ConnectAsync(IPAddress.Loopback, RelpPort);
                }

                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Stops rsyslogd (SIGTERM: it writes what it received, then exits) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Freezes rsyslogd (SIGSTOP): connections are still accepted by the kernel, and nothing is read or answered.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>Kills rsyslogd (SIGKILL, also when paused), as a crash: what it had not read from its connections is gone.</summary>
    public async Task CrashAsync()
    {
        await SignalAsync("-KILL");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _process!.WaitForExitAsync(timeout.Token);
        File.Delete(Path.Combine(_directory, "rsyslogd.pid"));
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    /// <summary>The messages received so far, once at least <paramref name="count"/> are there (a bounded wait).</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(int count)
    {
        await Poll.UntilAsync(() => Lines().Count >= count, $"rsyslog wrote {count} message(s)", TimeSpan.FromSeconds(20));
        return Lines();
    }

    /// <summary>The messages received so far.</summary>
    public IReadOnlyList<string> Received() => Lines();

    private List<string> Lines() => File.Exists(ReceivedFile)
        ? [.. File.ReadAllLines(ReceivedFile, Encoding.UTF8).Where(line => line.Length > 0)]
        : [];

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort(SocketType type, ProtocolType protocol)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, type, protocol);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
