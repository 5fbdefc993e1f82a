namespace AuditTrail;

/// <summary>How one named consumer (<c>builder.AddConsumer&lt;T&gt;("name", options => ...)</c>) reads the feed; validated at start.</summary>
public sealed class AuditConsumerOptions
{
    /// <summary>The largest <see cref="BatchSize"/>.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>The most records handed to one <see cref="IAuditConsumer.HandleAsync"/> call, 1 to <see cref="MaxBatchSize"/>. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the consumer waits, once caught up, before it reads the feed again; also how often a standby instance asks for the lease; more than zero, at most 1 hour. Default: 250 milliseconds (a caught-up holder reads that often, and renews its lease only every third of <see cref="LeaseDuration"/>).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the consumer's lease lasts unless renewed; at least twice <see cref="PollInterval"/> and at most 1 day. It is renewed
    /// before every read and every third of it while a batch is handled, so a slow batch keeps it; an instance that
    /// cannot renew it (the store unreachable, another instance holding it) cancels the batch's handling when it runs
    /// out. When the holder dies, another instance takes over within this time plus one poll interval and delivers the
    /// unsaved batch again. Default: 30 seconds.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The typical wait after the first failure of a batch; it about doubles with each failure in a row, up to
    /// <see cref="RetryMaxDelay"/>, with jitter (Polly's exponential backoff with decorrelated jitter: each wait is spread
    /// around that value, so that consumers failing at once do not retry in step); more than zero, at most 1 day. Default: 1 second.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts; not below <see cref="RetryBaseDelay"/>, at most 1 day. Default: 1 minute.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far behind (the age of its oldest unhandled record) the consumer may fall before retention purges records it
    /// has not handled, reporting each such purge (a warning and the <c>audittrail.retention.consumer_lag_exceeded</c>
    /// counter); also the lag beyond which the health check reports it as Degraded. <see langword="null"/> (the default):
    /// retention never purges what the consumer has not handled.
    /// </summary>
    public TimeSpan? MaxLag { get; set; }
}
