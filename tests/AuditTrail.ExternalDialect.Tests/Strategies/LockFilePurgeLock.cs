namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>
/// A purge lock a store of its own gives through <c>RelationalAuditStoreStrategies.PurgeLock</c>, its database having no
/// session lock: an exclusive OS lock on a file, which every store on the database shares and a dead process releases.
/// </summary>
public sealed class LockFilePurgeLock(string path) : IAuditPurgeLock
{
    public Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult<IAsyncDisposable?>(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1));
        }
        catch (IOException ex) when (ex.GetType() == typeof(IOException))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
    }
}
