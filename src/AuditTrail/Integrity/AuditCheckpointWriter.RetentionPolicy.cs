namespace AuditTrail;

/// <summary>The writer's retention policy checkpoints (<see cref="AuditCheckpointKind.RetentionPolicy"/>).</summary>
internal sealed partial class AuditCheckpointWriter
{
    /// <inheritdoc/>
    /// <remarks>The newest signed policy is the sink's, read once and then followed like the other kinds.</remarks>
    public async Task<AuditCheckpoint?> RetentionPolicyAsync(AuditRetentionOptions retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var text = AuditRetentionPolicyText.Format(retention);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var shared = sink is IAuditCheckpointSinkNewest lockable ? await lockable.LockAsync(cancellationToken).ConfigureAwait(false) : null;
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (string.Equals(_newestPolicy?.Policy, text, StringComparison.Ordinal))
            {
                return null;
            }

            var head = await Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            var position = new AuditChainPosition(head?.Sequence ?? 0, AuditRetentionPolicyText.Hash(text));
            var checkpoint = signer.Sign(AuditCheckpointKind.RetentionPolicy, position, timeProvider.GetUtcNow(), _newest) with { Policy = text };
            await sink.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            _newest = checkpoint;
            _newestPolicy = checkpoint;
            return checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }
}
