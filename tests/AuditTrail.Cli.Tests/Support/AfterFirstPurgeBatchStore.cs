using AuditTrail.Conformance.Support;

namespace AuditTrail.Cli.Tests.Support;

/// <summary>A store that runs <c>afterFirstBatch</c> once its first purge batch is deleted: a signal, or a hold placed, between batches.</summary>
internal sealed class AfterFirstPurgeBatchStore(IAuditStore inner, Func<Task> afterFirstBatch) : DelegatingAuditStore(inner), IAuditChainStore
{
    private int _batches;

    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetHeadAsync(cancellationToken);

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetAnchorAsync(cancellationToken);

    public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
        ((IAuditChainStore)Inner).ReadChainAsync(afterSequence, cancellationToken);

    public override async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
    {
        var deleted = await Inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);
        if (++_batches == 1)
        {
            await afterFirstBatch();
        }

        return deleted;
    }
}
