namespace AuditTrail;

/// <summary>
/// Reads the chain head, the anchor or the end of a purge from the store, signs it, and hands it to the sink, one at a time. The sink's
/// checkpoints are read once, at the first write; afterwards this writer remembers what it wrote, so a due
/// checkpoint costs one signature and one file however many checkpoints exist (one writer per trail, as documented).
/// A sink that can tell its newest checkpoint (<see cref="IAuditCheckpointSinkNewest"/>, the folder sink) is locked
/// and asked before each write: when another writer added one since (<c>audittrail purge</c> signing its anchor into
/// the folder while the application runs), the sink is read again and the new checkpoint chains to that one.
/// </summary>
internal sealed partial class AuditCheckpointWriter(
    IAuditStore store,
    IAuditCheckpointSink sink,
    AuditCheckpointSigner signer,
    TimeProvider timeProvider) : IAuditCheckpointWriter, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _loaded;
    private AuditCheckpoint? _newest;
    private AuditCheckpoint? _newestHead;
    private AuditCheckpoint? _newestAnchor;
    private AuditCheckpoint? _openIntent;
    private AuditCheckpoint? _newestPolicy;

    public DateTimeOffset LastWrittenAt { get; private set; } = DateTimeOffset.MinValue;

    public long LastHeadSequence { get; private set; } = -1;

    public Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(AuditCheckpointKind.Head, cancellationToken);

    public Task<AuditCheckpoint?> AnchorAsync(CancellationToken cancellationToken = default) =>
        WriteAsync(AuditCheckpointKind.Anchor, cancellationToken);

    public Task<AuditCheckpoint?> PurgeIntentAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default) =>
        WriteAsync(AuditCheckpointKind.PurgeIntent, cancellationToken, occurredBefore);

    /// <summary>The head sequence now, without writing anything.</summary>
    public async Task<long> HeadSequenceAsync(CancellationToken cancellationToken) =>
        (await Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// When another writer added checkpoints after ours, chains to the newest, but only when ours is still among them, so
    /// that a checkpoint of ours removed or damaged meanwhile still shows as a break in the checkpoint chain.
    /// </summary>
    private async Task FollowOtherWritersAsync(IAuditCheckpointSinkNewest newestOfSink, CancellationToken cancellationToken)
    {
        try
        {
            var newest = await newestOfSink.ReadNewestAsync(cancellationToken).ConfigureAwait(false);
            if (newest is null || newest.Signature == _newest?.Signature)
            {
                return;
            }

            var existing = await sink.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (_newest is null || existing.Any(c => c.Signature == _newest.Signature))
            {
                Load(existing);
            }
        }
        catch (AuditUnreadableCheckpointException)
        {
            // A damaged file is the verifier's to report; this writer goes on chaining to what it wrote.
        }
    }

    /// <summary>Reads the sink at the first write; afterwards follows what other writers added since (called under the gate and the sink's lock).</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            Load(await sink.ReadAllAsync(cancellationToken).ConfigureAwait(false));
            _loaded = true;
        }
        else if (sink is IAuditCheckpointSinkNewest newestOfSink)
        {
            await FollowOtherWritersAsync(newestOfSink, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Load(IReadOnlyList<AuditCheckpoint> existing)
    {
        _newest = existing.Count == 0 ? null : existing[^1];
        _newestHead = existing.LastOrDefault(c => c.Kind == AuditCheckpointKind.Head);
        _newestAnchor = existing.LastOrDefault(c => c.Kind == AuditCheckpointKind.Anchor);
        _newestPolicy = existing.LastOrDefault(c => c.Kind == AuditCheckpointKind.RetentionPolicy);

        // An intent counts until an anchor is signed after it: the purge it announced has then ended.
        _openIntent = null;
        foreach (var checkpoint in existing)
        {
            _openIntent = checkpoint.Kind switch
            {
                AuditCheckpointKind.PurgeIntent => checkpoint,
                AuditCheckpointKind.Anchor => null,
                _ => _openIntent,
            };
        }
    }

    /// <summary>
    /// The last record a purge before <paramref name="occurredBefore"/> removes (the prefix after the retention anchor that
    /// occurred before it), or <see langword="null"/> when it removes nothing. Read before the folder is locked: a purge
    /// of a large backlog reads for as long as it takes to delete.
    /// </summary>
    private async Task<AuditChainPosition?> PurgeEndAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken)
    {
        var anchor = await Chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        AuditChainPosition? last = null;
        try
        {
            await foreach (var entry in Chain.ReadChainAsync(anchor?.Sequence ?? 0, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Record.OccurredAt >= occurredBefore)
                {
                    break;
                }

                last = new AuditChainPosition(entry.Sequence, entry.Hash);
            }
        }
        catch (AuditUnreadableRowException)
        {
            // Whether the purge takes a row that cannot be read is the store's to decide: the intent covers the head.
            return await Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        }

        return last;
    }

    /// <summary>Whether a checkpoint of <paramref name="kind"/> already vouches for <paramref name="position"/>.</summary>
    private bool Covered(AuditCheckpointKind kind, AuditChainPosition position)
    {
        var latest = kind switch
        {
            AuditCheckpointKind.Head => _newestHead,
            AuditCheckpointKind.Anchor => _newestAnchor,
            _ => _openIntent,
        };
        return latest is not null && latest.Sequence >= position.Sequence;
    }

    private IAuditChainStore Chain => store as IAuditChainStore
        ?? throw new InvalidOperationException($"Checkpoints need a store that keeps the hash chain; {store.GetType().Name} does not implement IAuditChainStore.");

    private async Task<AuditCheckpoint?> WriteAsync(AuditCheckpointKind kind, CancellationToken cancellationToken, DateTimeOffset occurredBefore = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var purgeEnd = kind == AuditCheckpointKind.PurgeIntent ? await PurgeEndAsync(occurredBefore, cancellationToken).ConfigureAwait(false) : null;
            if (kind == AuditCheckpointKind.PurgeIntent && purgeEnd is null)
            {
                return null;
            }

            // Another writer on the same folder (audittrail purge, another instance) waits until this one has written.
            using var shared = sink is IAuditCheckpointSinkNewest lockable ? await lockable.LockAsync(cancellationToken).ConfigureAwait(false) : null;
            var position = kind switch
            {
                AuditCheckpointKind.Head => await Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false),
                AuditCheckpointKind.Anchor => await Chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false),
                _ => purgeEnd,
            };
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);

            if (position is null || Covered(kind, position))
            {
                if (kind == AuditCheckpointKind.Head)
                {
                    LastHeadSequence = Math.Max(LastHeadSequence, _newestHead?.Sequence ?? 0);
                }

                return null;
            }

            var checkpoint = signer.Sign(kind, position, timeProvider.GetUtcNow(), _newest);
            await sink.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
            _newest = checkpoint;
            if (kind == AuditCheckpointKind.Head)
            {
                _newestHead = checkpoint;
                LastHeadSequence = checkpoint.Sequence;
                LastWrittenAt = timeProvider.GetUtcNow();
            }
            else if (kind == AuditCheckpointKind.Anchor)
            {
                _newestAnchor = checkpoint;
                _openIntent = null;
            }
            else
            {
                _openIntent = checkpoint;
            }

            return checkpoint;
        }
        finally
        {
            _gate.Release();
        }
    }
}
