using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Writes the prefix of the chain that a purge before a cutoff would remove into sealed segments of at most
/// <see cref="AuditArchiveOptions.MaxRecordsPerSegment"/> records, continuing the archive where its last segment ends,
/// and, when asked, purges each segment's records only after the sink has durably stored it: a sink that fails stops
/// the purge and loses nothing. Retention uses it when <see cref="AuditArchiveOptions.Enabled"/>; the command line's
/// <c>archive</c> too.
/// </summary>
public sealed class AuditArchiver
{
    private readonly IAuditStore _store;
    private readonly IAuditChainStore _chain;
    private readonly IAuditArchiveSink _sink;
    private readonly AuditArchiveOptions _options;
    private readonly AuditArchiveSegmentWriter _writer;
    private readonly IAuditLegalHolds? _holds;

    /// <summary>Creates an archiver.</summary>
    /// <param name="store">The store, which must keep the hash chain (<see cref="IAuditChainStore"/>).</param>
    /// <param name="sink">Where segments go.</param>
    /// <param name="options">The table name and segment size.</param>
    /// <param name="signer">Signs the manifests with the checkpoint key, or <see langword="null"/> to write them unsigned.</param>
    /// <param name="timeProvider">The clock of the manifests' creation time, or <see langword="null"/> for the system clock.</param>
    public AuditArchiver(IAuditStore store, IAuditArchiveSink sink, AuditArchiveOptions options, AuditCheckpointSigner? signer, TimeProvider? timeProvider)
        : this(store, sink, options, signer, timeProvider, holds: null)
    {
    }

    /// <summary>Creates an archiver whose purges respect legal holds placed while they run.</summary>
    /// <param name="store">The store, which must keep the hash chain (<see cref="IAuditChainStore"/>).</param>
    /// <param name="sink">Where segments go.</param>
    /// <param name="options">The table name and segment size.</param>
    /// <param name="signer">Signs the manifests with the checkpoint key, or <see langword="null"/> to write them unsigned.</param>
    /// <param name="timeProvider">The clock of the manifests' creation time, or <see langword="null"/> for the system clock.</param>
    /// <param name="holds">
    /// The legal holds: <see cref="ArchiveAndPurgeAsync(DateTimeOffset, int, AuditPurgeProgress?, CancellationToken)"/>
    /// then limits its cutoff by them (<see cref="IAuditLegalHolds.LimitCutoffAsync"/>) again before each purge and each
    /// segment after the first read, so that a hold placed while it runs keeps its records. <see langword="null"/> purges
    /// to the cutoff given, which the caller limits by the holds active when it starts.
    /// </param>
    public AuditArchiver(IAuditStore store, IAuditArchiveSink sink, AuditArchiveOptions options, AuditCheckpointSigner? signer, TimeProvider? timeProvider, IAuditLegalHolds? holds)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordsPerSegment, 1);
        _store = store;
        _chain = store as IAuditChainStore
            ?? throw new ArgumentException($"Archives need a store that keeps the hash chain; {store.GetType().Name} does not implement IAuditChainStore.", nameof(store));
        _sink = sink;
        _options = options;
        _writer = new AuditArchiveSegmentWriter(sink, signer, timeProvider ?? TimeProvider.System);
        _holds = holds;
    }

    /// <summary>Archives what a purge before <paramref name="occurredBefore"/> would remove, without purging.</summary>
    /// <param name="occurredBefore">The purge's exclusive cutoff.</param>
    /// <param name="cancellationToken">Cancels between segments; segments already written stay.</param>
    /// <returns>The segments written.</returns>
    public Task<AuditArchiveResult> ArchiveAsync(DateTimeOffset occurredBefore, CancellationToken cancellationToken = default) =>
        RunAsync(occurredBefore, purgeBatchSize: null, new AuditPurgeProgress(), cancellationToken);

    /// <summary>
    /// Archives what a purge before <paramref name="occurredBefore"/> removes and purges it, segment by segment: the
    /// records of a segment are purged (in transactions of at most <paramref name="purgeBatchSize"/> rows) only after
    /// the sink stored it; records an earlier pass archived are purged first. Each purged batch is counted in
    /// <paramref name="progress"/> as it commits, so a run that stops part way (cancelled, or the sink failed on a later
    /// segment) and throws still tells how many records went, for the caller to record their purge.
    /// </summary>
    /// <param name="occurredBefore">The purge's exclusive cutoff.</param>
    /// <param name="purgeBatchSize">The most rows per purge transaction.</param>
    /// <param name="progress">Counts the records purged, also when the run throws; one passed to several runs adds them up. Optional.</param>
    /// <param name="cancellationToken">Cancels between segments and batches.</param>
    /// <returns>The segments written and how many records this run purged.</returns>
    public Task<AuditArchiveResult> ArchiveAndPurgeAsync(DateTimeOffset occurredBefore, int purgeBatchSize, AuditPurgeProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(purgeBatchSize, 1);
        return RunAsync(occurredBefore, purgeBatchSize, progress ?? new AuditPurgeProgress(), cancellationToken, _holds is { } holds ? holds.LimitCutoffAsync : null);
    }

    private async Task<AuditArchiveResult> RunAsync(DateTimeOffset occurredBefore, int? purgeBatchSize, AuditPurgeProgress purged, CancellationToken cancellationToken, Func<DateTimeOffset, CancellationToken, Task<DateTimeOffset>>? limitCutoff = null)
    {
        var first = true;
        async Task<DateTimeOffset> CutoffAsync()
        {
            if (!first && limitCutoff is not null)
            {
                occurredBefore = await limitCutoff(occurredBefore, cancellationToken).ConfigureAwait(false);
            }

            first = false;
            return occurredBefore;
        }

        var written = new List<AuditArchiveManifest>();
        long archived = 0;
        var purgedBefore = purged.RecordsPurged;
        var last = await LastArchivedAsync(cancellationToken).ConfigureAwait(false);
        if (purgeBatchSize is not null && last is not null)
        {
            // Before the first purge below: the records an archive of another trail names must not go.
            last = await ContinuedFromAsync(last, cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            if (purgeBatchSize is { } batch && last is not null)
            {
                await PurgeThroughAsync(await CutoffAsync().ConfigureAwait(false), last.Sequence, batch, purged, cancellationToken).ConfigureAwait(false);
            }

            // An empty archive starts after the retention anchor (archiving enabled after earlier purges).
            var start = last is null
                ? await _chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false)
                : last = await ContinuedFromAsync(last, cancellationToken).ConfigureAwait(false);
            var entries = await ReadPrefixAsync(start?.Sequence ?? 0, await CutoffAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (entries.Count == 0)
            {
                break;
            }

            var manifest = await _writer.WriteAsync(_options.Table, start?.Hash ?? AuditChain.GenesisHash.ToArray(), entries, cancellationToken).ConfigureAwait(false);
            written.Add(manifest);
            archived += manifest.RecordCount;
            last = new AuditChainPosition(manifest.LastSequence, entries[^1].Hash);
            if (entries.Count < _options.MaxRecordsPerSegment)
            {
                if (purgeBatchSize is { } final)
                {
                    await PurgeThroughAsync(await CutoffAsync().ConfigureAwait(false), last.Sequence, final, purged, cancellationToken).ConfigureAwait(false);
                }

                break;
            }
        }

        return new AuditArchiveResult(written, archived, purged.RecordsPurged - purgedBefore);
    }

    /// <summary>The last archived link: the newest segment's last sequence and hash, or <see langword="null"/> for an empty archive.</summary>
    private async Task<AuditChainPosition?> LastArchivedAsync(CancellationToken cancellationToken)
    {
        var names = await _sink.ListAsync(cancellationToken).ConfigureAwait(false);
        if (names.Count == 0)
        {
            return null;
        }

        var manifest = await new AuditArchiveReader(_sink).ReadManifestAsync(names[^1], cancellationToken).ConfigureAwait(false);
        return new AuditChainPosition(manifest.LastSequence, Convert.FromHexString(manifest.LastHash));
    }

    /// <summary>
    /// The archive's last link the store continues: <paramref name="last"/>, or the newer last segment that a run
    /// archiving and purging meanwhile wrote into the same folder. Refuses an archive of another trail, and one whose
    /// following rows were purged without being archived here.
    /// </summary>
    private async Task<AuditChainPosition> ContinuedFromAsync(AuditChainPosition last, CancellationToken cancellationToken)
    {
        while (true)
        {
            var anchor = await _chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
            if (anchor is null || anchor.Sequence <= last.Sequence)
            {
                // Right after a purge through the segment, the row is gone and the retention anchor holds its hash.
                var held = anchor is not null && anchor.Sequence == last.Sequence ? anchor.Hash : await HashAtAsync(last.Sequence, cancellationToken).ConfigureAwait(false);
                if (held is not null && held.AsSpan().SequenceEqual(last.Hash))
                {
                    return last;
                }

                // The row may have gone since the anchor was read: a purge past it, told apart below.
                anchor = await _chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
                if (anchor is null || anchor.Sequence <= last.Sequence)
                {
                    throw new InvalidOperationException(
                        $"The archive's last segment ends at sequence {last.Sequence} with hash {Convert.ToHexStringLower(last.Hash)}, which this store does not hold: " +
                        "the archive belongs to another trail, or the store was changed. Nothing was archived or purged.");
                }
            }

            // Rows after the archive's end were purged: by a run that archived them into this folder meanwhile, or without it.
            var newer = await LastArchivedAsync(cancellationToken).ConfigureAwait(false);
            if (newer is null || newer.Sequence <= last.Sequence)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The archive's last segment ends at row {last.Sequence}, but the store's rows {last.Sequence + 1} to {anchor.Sequence} were purged without being archived here, so a segment from row {anchor.Sequence + 1} would not continue the archive. Nothing was archived or purged; archive into a new folder."));
            }

            last = newer;
        }
    }

    private async Task<byte[]?> HashAtAsync(long sequence, CancellationToken cancellationToken)
    {
        await foreach (var entry in _chain.ReadChainAsync(sequence - 1, cancellationToken).ConfigureAwait(false))
        {
            return entry.Sequence == sequence ? entry.Hash : null;
        }

        return null;
    }

    /// <summary>The next records a purge before the cutoff removes, after <paramref name="afterSequence"/>, at most a segment's worth.</summary>
    /// <exception cref="InvalidOperationException">Rows after <paramref name="afterSequence"/> went meanwhile (a purge by a run that takes the purge lock while this one, archiving only, does not).</exception>
    private async Task<List<AuditChainEntry>> ReadPrefixAsync(long afterSequence, DateTimeOffset occurredBefore, CancellationToken cancellationToken)
    {
        var entries = new List<AuditChainEntry>();
        var expected = afterSequence + 1;
        await foreach (var entry in _chain.ReadChainAsync(afterSequence, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Record.OccurredAt >= occurredBefore)
            {
                break;
            }

            if (entry.Sequence != expected)
            {
                // Sealed, such a segment would claim to follow a hash its first row does not link to.
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The store's rows {expected} to {entry.Sequence - 1} went while this run read them (another purge ran meanwhile, or rows were deleted), so a segment from row {entry.Sequence} would not continue the archive. The segments written stay; run it again."));
            }

            expected++;
            entries.Add(entry);
            if (entries.Count == _options.MaxRecordsPerSegment)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>
    /// Purges before the cutoff, never past <paramref name="through"/>: nothing the archive does not hold is removed. Each
    /// committed batch is added to <paramref name="purged"/> at once.
    /// </summary>
    private async Task PurgeThroughAsync(DateTimeOffset occurredBefore, long through, int batchSize, AuditPurgeProgress purged, CancellationToken cancellationToken)
    {
        // A store may remove more than a batch at once (the PostgreSQL partitioned layout drops whole months before the
        // cutoff), so the cutoff itself stops at the first record the archive does not hold: no month that holds it ends
        // by then, and the row purge stops before it.
        var cutoff = occurredBefore;
        occurredBefore = await StopBeforeAsync(occurredBefore, through, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var anchor = (await _chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
            if (anchor >= through)
            {
                return;
            }

            var deleted = await _store.PurgeAsync(occurredBefore, (int)Math.Min(batchSize, through - anchor), cancellationToken).ConfigureAwait(false);
            if (deleted == 0)
            {
                return;
            }

            purged.Add(deleted, cutoff);
        }
    }

    /// <summary>The earlier of the cutoff and the time of the record after <paramref name="through"/>, if any.</summary>
    private async Task<DateTimeOffset> StopBeforeAsync(DateTimeOffset occurredBefore, long through, CancellationToken cancellationToken)
    {
        await foreach (var entry in _chain.ReadChainAsync(through, cancellationToken).ConfigureAwait(false))
        {
            return entry.Record.OccurredAt < occurredBefore ? entry.Record.OccurredAt : occurredBefore;
        }

        return occurredBefore;
    }
}
