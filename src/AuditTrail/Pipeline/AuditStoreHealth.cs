namespace AuditTrail;

/// <summary>The store's failure since its last successful write, shared by the parts that write to it and read by the health check.</summary>
internal sealed class AuditStoreHealth
{
    private volatile Exception? _failure;

    public Exception? Failure
    {
        get => _failure;
        set => _failure = value;
    }
}
