namespace AuditTrail;

/// <summary>The store's failure since its last successful write, shared by the parts that write to it and read by the health check.</summary>
internal sealed class AuditStoreHealth(TimeProvider time)
{
    private volatile Exception? _failure;

    /// <summary>The failure; set to <see langword="null"/> when the store took events, which ends the outage's log throttles.</summary>
    public Exception? Failure
    {
        get => _failure;
        set
        {
            var wasFailing = _failure is not null;
            _failure = value;
            if (value is null && wasFailing)
            {
                Retries.Reset();
                Spooled.Reset();
            }
        }
    }

    /// <summary>The retry warnings of this outage.</summary>
    public AuditLogThrottle Retries { get; } = new(time);

    /// <summary>The errors about batches spooled in this outage.</summary>
    public AuditLogThrottle Spooled { get; } = new(time);
}
