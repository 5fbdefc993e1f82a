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
}
