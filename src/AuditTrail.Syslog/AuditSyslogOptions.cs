namespace AuditTrail.Syslog;

/// <summary>Where and how <see cref="AuditSyslogForwarder"/> sends records.</summary>
public sealed class AuditSyslogOptions
{
    /// <summary>The receiver's host name or IP address (IPv6 without brackets), without scheme, port or path. Required.</summary>
    public string? Host { get; set; }

    /// <summary>
    /// The receiver's port; <see langword="null"/> for the transport's standard one (514 for TCP and UDP, 6514 for TLS).
    /// Required for RELP, which has none: the port of the receiver's <c>imrelp</c> input.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>How messages travel. Default: <see cref="AuditSyslogTransport.Tcp"/>.</summary>
    public AuditSyslogTransport Transport { get; set; } = AuditSyslogTransport.Tcp;

    /// <summary>The syslog facility, 0 to 23. Default: 10 (authpriv, security and authorization messages).</summary>
    public int Facility { get; set; } = 10;

    /// <summary>The APP-NAME field: printable ASCII without spaces, at most 48 characters. Default: <c>audittrail</c>.</summary>
    public string AppName { get; set; } = "audittrail";

    /// <summary>The HOSTNAME field; <see langword="null"/> for this machine's name.</summary>
    public string? Hostname { get; set; }

    /// <summary>What the MSG part holds. Default: <see cref="AuditSyslogPayload.Json"/>.</summary>
    public AuditSyslogPayload Payload { get; set; } = AuditSyslogPayload.Json;

    /// <summary>
    /// The SD-ID of the structured data element that carries the record's fields: <c>name@PEN</c>, a private enterprise
    /// number. Default: <c>audit@32473</c> (the number RFC 5612 reserves for documentation); set your organisation's.
    /// </summary>
    public string StructuredDataId { get; set; } = "audit@32473";

    /// <summary>The name the receiver's TLS certificate must carry; <see langword="null"/> for <see cref="Host"/>.</summary>
    public string? TlsTargetHost { get; set; }

    /// <summary>
    /// Certificate authorities to trust for the receiver's TLS certificate instead of the machine's (a SIEM collector's
    /// private CA, say); empty for the machine's trust store.
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection TlsTrustedAuthorities { get; } = [];

    /// <summary>
    /// The certificate, with its private key, the forwarder presents over TLS when the receiver asks for one: rsyslog's
    /// <c>imrelp</c> with its default GnuTLS library ends the handshake of a client without one. <see langword="null"/>
    /// (the default) for none. Not owned: the caller disposes it after the forwarder. Set in code; configuration sets
    /// <see cref="TlsClientCertificateFile"/> instead (not both).
    /// </summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? TlsClientCertificate { get; set; }

    /// <summary>
    /// The file of the client certificate (see <see cref="TlsClientCertificate"/>), read when the forwarder is created,
    /// which owns it: the form configuration can bind. A PKCS#12 file when it ends in <c>.pfx</c> or <c>.p12</c> (with
    /// its key); otherwise PEM (<c>-----BEGIN CERTIFICATE-----</c>), with its private key in the same file or in
    /// <see cref="TlsClientCertificateKeyFile"/>. A relative path is from the current directory. A file that is missing,
    /// unreadable or without a private key fails the host's start. <see langword="null"/> (the default) for none.
    /// </summary>
    public string? TlsClientCertificateFile { get; set; }

    /// <summary>
    /// The PEM file of the private key of a PEM <see cref="TlsClientCertificateFile"/>; <see langword="null"/> when the
    /// key is in the certificate's file.
    /// </summary>
    public string? TlsClientCertificateKeyFile { get; set; }

    /// <summary>
    /// The password of a PKCS#12 <see cref="TlsClientCertificateFile"/>, or of an encrypted PEM private key
    /// (<c>-----BEGIN ENCRYPTED PRIVATE KEY-----</c>); <see langword="null"/> for none.
    /// </summary>
    public string? TlsClientCertificatePassword { get; set; }

    /// <summary>
    /// PEM files (<c>-----BEGIN CERTIFICATE-----</c>) of more authorities for <see cref="TlsTrustedAuthorities"/>, each
    /// read when the forwarder is created: the form configuration can bind (<c>TlsTrustedAuthorityFiles:0</c>). A
    /// relative path is from the current directory. A file that is missing or holds no certificate fails the host's start.
    /// </summary>
    public IList<string> TlsTrustedAuthorityFiles { get; } = [];

    /// <summary>How long opening a connection may take, with its TLS handshake. Default: 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the receiver may take to accept one batch over TCP or TLS, and over RELP how long it may go without
    /// answering; past it the connection is dropped and the batch fails (and is sent again), so a receiver that stopped
    /// reading does not hold the forwarder. Default: 30 seconds.
    /// </summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest UDP datagram sent, 480 to 65 000 bytes; a longer message is marked <c>truncated="true"</c> in its
    /// structured data and its MSG is cut, and when the structured data alone is over, its fields after <c>id</c> and
    /// <c>seq</c> are dropped from the last. Default: 2 048 (what RFC 5426 says receivers should take).
    /// </summary>
    public int MaxUdpMessageBytes { get; set; } = 2048;

    /// <summary>
    /// The largest RELP message sent (<see cref="AuditSyslogTransport.Relp"/> and <see cref="AuditSyslogTransport.RelpTls"/>),
    /// at least 480 bytes: the receiver's <c>imrelp</c> <c>maxDataSize</c> or less. A longer message is cut as over UDP
    /// (see <see cref="MaxUdpMessageBytes"/>), marked <c>truncated="true"</c> with its <c>id</c> and <c>seq</c> kept, so
    /// the receiver never gets more than it takes: imrelp cuts a longer message itself, without a mark, or with
    /// <c>oversizeMode="abort"</c> ends the session, so the batch holding it would fail on every retry.
    /// Default: 8 096 (imrelp's default <c>maxDataSize</c>, rsyslog's default <c>maxMessageSize</c>).
    /// </summary>
    public int MaxRelpMessageBytes { get; set; } = 8096;

    /// <summary>
    /// How many RELP messages may be sent before their answers came, 1 to 1 000 (<see cref="AuditSyslogTransport.Relp"/>
    /// and <see cref="AuditSyslogTransport.RelpTls"/>): a batch is not one round trip per message. Default: 128 (librelp's).
    /// </summary>
    public int RelpWindowSize { get; set; } = 128;

    /// <summary>The port <see cref="Transport"/> uses when <see cref="Port"/> is not set.</summary>
    public int EffectivePort => Port ?? (Transport == AuditSyslogTransport.Tls ? 6514 : 514);
}
