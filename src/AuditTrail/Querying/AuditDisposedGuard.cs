namespace AuditTrail;

/// <summary>
/// Ends a read service with the service provider that created it, as <see cref="IAuditLogger"/> ends with the pipeline:
/// once the provider is disposed (the host ended), the store it closed is not opened again behind its back; a call
/// throws <see cref="ObjectDisposedException"/> naming the service instead.
/// </summary>
internal sealed class AuditDisposedGuard(string service)
{
    private volatile bool _disposed;

    /// <summary>Marks the service disposed (its provider disposes it).</summary>
    public void Dispose() => _disposed = true;

    /// <summary>Throws once the service is disposed.</summary>
    public void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(
                service,
                $"{service} was used after the service provider (the host) that created it was disposed; it no longer reads the store. Read before the host is disposed, or from a service provider that is still alive.");
        }
    }
}
