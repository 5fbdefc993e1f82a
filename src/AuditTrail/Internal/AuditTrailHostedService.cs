using Microsoft.Extensions.Hosting;

namespace AuditTrail.Internal;

/// <summary>
/// Ties the pipeline to the host: creates or migrates the store's schema at start (so a bad store fails
/// the start, not the first request), and at stop flushes the queue within the host's shutdown timeout.
/// </summary>
internal sealed class AuditTrailHostedService(IAuditStore store, AuditWriteQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => queue.CompleteAsync(cancellationToken);
}
