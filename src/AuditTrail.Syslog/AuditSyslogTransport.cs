namespace AuditTrail.Syslog;

/// <summary>How messages reach the syslog receiver.</summary>
public enum AuditSyslogTransport
{
    /// <summary>TCP with octet-counted framing (RFC 6587): reliable while the connection lasts; lost connections are re-opened and the batch sent again.</summary>
    Tcp = 0,

    /// <summary>TLS over TCP (RFC 5425), octet-counted; the receiver's certificate is validated against <see cref="AuditSyslogOptions.TlsTargetHost"/>.</summary>
    Tls = 1,

    /// <summary>UDP (RFC 5426), one message per datagram: no delivery guarantee at all, for receivers that take nothing else.</summary>
    Udp = 2,

    /// <summary>
    /// RELP (rsyslog's <c>imrelp</c>) over TCP: every message is answered by the receiver, and a batch counts as sent only
    /// once all of its messages were; <see cref="AuditSyslogOptions.Port"/> is required (RELP has no standard port).
    /// </summary>
    Relp = 3,

    /// <summary>RELP over TLS (<c>imrelp</c> with <c>tls="on"</c>); the receiver's certificate is validated as for <see cref="Tls"/>.</summary>
    RelpTls = 4,
}
