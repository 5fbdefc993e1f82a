namespace AuditTrail.Syslog;

/// <summary>What carries formatted messages to the receiver: plain syslog (<see cref="AuditSyslogConnection"/>) or RELP (<see cref="AuditSyslogRelpConnection"/>).</summary>
internal interface IAuditSyslogSender : IAsyncDisposable
{
    /// <summary>Sends the messages in order; throws <see cref="IOException"/> naming the receiver when they were not handed on.</summary>
    Task SendAsync(IReadOnlyList<byte[]> messages, CancellationToken cancellationToken);
}
