using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The verifier. It checks, in order: the checkpoints (known key, valid signature, each naming the previous
/// one's signature); the retention anchor against the newest signed anchor; every row from the anchor on
/// (gap-free sequence, hash recomputed from the content and the previous hash); every head checkpoint against
/// the hash stored at its sequence; and that the store reaches the newest checkpoint. Memory does not grow
/// with the number of rows.
/// </summary>
public sealed partial class AuditVerifier : IAuditVerifier
{
    /// <summary>How far ahead a mismatching row's original content is looked for, to tell reordering from modification.</summary>
    public const int ReorderSearchWindow = 10_000;

    private readonly IAuditChainStore _store;
    private readonly IAuditCheckpointSink? _checkpoints;
    private readonly AuditKeyRing? _keys;
    private readonly AuditRetentionOptions? _retention;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier given no retention policy: it reports every tombstone no retention policy signed in <paramref name="checkpoints"/> explains.</summary>
    /// <param name="store">The chain to verify.</param>
    /// <param name="checkpoints">The signed checkpoints, or <see langword="null"/> to check the chain only.</param>
    /// <param name="keys">The trusted public keys; required to trust any checkpoint.</param>
    public AuditVerifier(IAuditChainStore store, IAuditCheckpointSink? checkpoints, AuditKeyRing? keys)
        : this(store, checkpoints, keys, retention: null, timeProvider: null)
    {
    }

    /// <summary>Creates a verifier that expects the tombstones <paramref name="retention"/> explains.</summary>
    /// <param name="store">The chain to verify.</param>
    /// <param name="checkpoints">The signed checkpoints, or <see langword="null"/> to check the chain only.</param>
    /// <param name="keys">The trusted public keys; required to trust any checkpoint.</param>
    /// <param name="retention">
    /// The retention policy that explains tombstones, or <see langword="null"/> for none. With checkpoints, a tombstone it
    /// does not explain is still expected when a signed <see cref="AuditCheckpointKind.RetentionPolicy"/> did while it was in effect.
    /// </param>
    /// <param name="timeProvider">The clock tombstones' periods are measured against; the system clock when <see langword="null"/>.</param>
    public AuditVerifier(IAuditChainStore store, IAuditCheckpointSink? checkpoints, AuditKeyRing? keys, AuditRetentionOptions? retention, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _checkpoints = checkpoints;
        _keys = keys;
        _retention = retention;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The most passes a verification makes while a purge keeps moving the retention anchor under it.</summary>
    private const int MaxPasses = 20;

    /// <inheritdoc />
    public async Task<AuditVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var report = await VerifyPassAsync(cancellationToken).ConfigureAwait(false);

        // A purge that commits batches while a pass reads (retention, or the command line in another process) moves the
        // retention anchor under it: rows the pass expected are gone, or the anchor it read is no longer the store's. The
        // pass then runs again from the anchor as it is now, as long as the anchor keeps moving.
        for (var pass = 1; pass < MaxPasses && report.Problem is { Kind: AuditIntegrityProblemKind.MissingRow or AuditIntegrityProblemKind.RewrittenChain }; pass++)
        {
            // A purge that signed its intent and moved the anchor after the pass read the checkpoints and before it read
            // the anchor left an anchor no checkpoint the pass holds announces: the checkpoints read now hold its intent.
            var anchor = await _store.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
            if ((anchor?.Sequence ?? 0) <= (report.Anchor?.Sequence ?? 0) && !await CheckpointsSignedSinceAsync(report, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            report = await VerifyPassAsync(cancellationToken).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>
    /// Whether a checkpoint was signed since the pass of <paramref name="report"/> read them, when its anchor was the
    /// problem (found before any row is read, so a pass run again for it costs little).
    /// </summary>
    private async Task<bool> CheckpointsSignedSinceAsync(AuditVerificationReport report, CancellationToken cancellationToken) =>
        report.Problem is { Kind: AuditIntegrityProblemKind.RewrittenChain } problem && report.Anchor is { } anchor &&
        problem.Sequence == anchor.Sequence && _checkpoints is not null &&
        (await _checkpoints.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Count > report.CheckpointsVerified;

    private async Task<AuditVerificationReport> VerifyPassAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<AuditCheckpoint> checkpoints;
        try
        {
            checkpoints = _checkpoints is null ? [] : await _checkpoints.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnreadableCheckpointException ex)
        {
            // An edit that left no checkpoint at all is an edited checkpoint all the same.
            return new AuditVerificationReport
            {
                Problem = new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.BadSignature,
                    ex.Sequence ?? 0,
                    Invariant($"A checkpoint{(ex.Sequence is { } sequence ? Invariant($" at row {sequence}") : string.Empty)} cannot be read, so no signature verifies it: it was altered or damaged. {ex.Message}"),
                    null),
            };
        }

        var report = new AuditVerificationReport
        {
            CheckpointsVerified = checkpoints.Count,
            NewestCheckpointSequence = checkpoints.Count == 0 ? null : checkpoints.Max(c => c.Sequence),
        };

        if (CheckCheckpoints(checkpoints) is { } checkpointProblem)
        {
            return report with { Problem = checkpointProblem };
        }

        var anchor = await _store.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        report = report with { Anchor = anchor };
        if (CheckAnchor(anchor, checkpoints, out var intent) is { } anchorProblem)
        {
            return report with { Problem = anchorProblem };
        }

        report = report with { PurgeUnderWay = intent };
        if (await RowBeforeTheStartAsync(anchor, cancellationToken).ConfigureAwait(false) is { } beforeStart)
        {
            return report with { LastSequence = beforeStart.Sequence, Problem = beforeStart };
        }

        // Heads and purge intents both vouch for the hash at their sequence.
        var heads = checkpoints.Where(c => c.Kind is AuditCheckpointKind.Head or AuditCheckpointKind.PurgeIntent && c.Sequence > (anchor?.Sequence ?? 0))
            .GroupBy(c => c.Sequence)
            .ToDictionary(g => g.Key, g => g.Last());
        var expected = (anchor?.Sequence ?? 0) + 1;
        var previous = anchor?.Hash ?? AuditChain.GenesisHash.ToArray();
        var rows = 0L;
        AuditErasureCheck loaded;
        try
        {
            loaded = await AuditErasureCheck.LoadAsync(_store, anchor is { Sequence: > 0 }, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditUnreadableRowException ex)
        {
            // An erasure record that cannot be read was altered too; its row is named without reading the others.
            return report with { LastSequence = ex.Sequence, Problem = Unreadable(ex.Sequence ?? expected, ex) };
        }

        using var erasures = loaded;
        if (_store is IAuditChainRangeChecker checker && !erasures.Any)
        {
            // The longest prefix the store confirms from its stored form, in parallel ranges; the record-by-record
            // loop below then names the first problem after it exactly, and reads the rows written since.
            var confirmed = await ConfirmRangesAsync(checker, expected - 1, previous, heads, cancellationToken).ConfigureAwait(false);
            rows = confirmed.Sequence - (expected - 1);
            expected = confirmed.Sequence + 1;
            previous = confirmed.Hash;
        }

        var computed = new byte[AuditChain.HashLength];
        var tombstoneCheck = new AuditTombstoneCheck(_retention, _timeProvider, checkpoints);
        var tombstones = 0L;
        var cursor = new AuditChainCursor(_store.ReadChainAsync(expected - 1, cancellationToken), cancellationToken);
        await using var disposeCursor = cursor.ConfigureAwait(false);
        while (await cursor.MoveNextAsync().ConfigureAwait(false))
        {
            var entry = cursor.Current;
            if (entry.Sequence != expected)
            {
                return Stopped(report, rows, entry, Missing(expected, entry.Sequence));
            }

            if (entry.Tombstone is not null)
            {
                // Its content is gone: its stored hash is the link, which the next row recomputes from (docs/integrity.md).
                if (tombstoneCheck.Check(entry) is { } tombstoneProblem)
                {
                    return Stopped(report with { TombstonesVerified = tombstones }, rows, entry, tombstoneProblem);
                }

                tombstones++;
            }
            else if (!LinksFrom(previous, entry, computed) && !erasures.TakeAsErased(entry))
            {
                return Stopped(report, rows, entry, await DiagnoseMismatchAsync(entry, previous, cancellationToken).ConfigureAwait(false));
            }

            if (entry.Record.SourceIpAsHashed is { } original && !AuditIpAddress.IsCanonicalFormOf(entry.Record.SourceIp, original))
            {
                // The hash covers the text before a migration rewrote it; the stored source IP must be that text's
                // canonical form, or an edit of the unhashed column would go unseen.
                return Stopped(report, rows, entry, new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.ModifiedRow,
                    entry.Sequence,
                    Invariant($"Row {entry.Sequence} (event {entry.Record.Id}) was modified: its source IP is not the canonical form of the text its hash covers."),
                    entry.Record.Id));
            }

            if (erasures.Feed(entry) is { } erasureProblem)
            {
                return Stopped(report with { TombstonesVerified = tombstones, ErasedVerified = erasures.Erased }, rows, entry, erasureProblem);
            }

            if (heads.TryGetValue(entry.Sequence, out var head) && !string.Equals(head.Hash, Convert.ToHexStringLower(entry.Hash), StringComparison.Ordinal))
            {
                return Stopped(report, rows, entry, new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.RewrittenChain,
                    entry.Sequence,
                    Invariant($"The chain was rewritten: the hash stored at row {entry.Sequence} differs from the one signed in the checkpoint of {AuditChain.FormatTime(head.CreatedAt)} (key {head.KeyId}), although every row matches its own hash."),
                    entry.Record.Id));
            }

            previous = entry.Hash;
            expected++;
            rows++;
        }

        if (cursor.Unreadable is { } unreadable)
        {
            return report with { RowsVerified = rows, TombstonesVerified = tombstones, ErasedVerified = erasures.Erased, LastSequence = unreadable.Sequence ?? expected, Problem = Unreadable(expected, unreadable) };
        }

        var last = expected - 1;
        report = report with { RowsVerified = rows, TombstonesVerified = tombstones, ErasedVerified = erasures.Erased, LastSequence = rows == 0 && anchor is null ? null : last };
        if (report.NewestCheckpointSequence is { } newest && newest > last)
        {
            return report with
            {
                Problem = new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.TruncatedTail,
                    last + 1,
                    Invariant($"The trail was truncated: it ends at row {last}, but a signed checkpoint vouches for rows up to {newest}."),
                    null),
            };
        }

        return report;
    }

    /// <summary>
    /// The problem of a row that cannot be read where row <paramref name="expected"/> was due: the row was modified,
    /// unless rows before it are missing.
    /// </summary>
    private static AuditIntegrityProblem Unreadable(long expected, AuditUnreadableRowException unreadable) =>
        unreadable.Sequence is { } sequence && sequence > expected
            ? Missing(expected, sequence)
            : new AuditIntegrityProblem(
                AuditIntegrityProblemKind.ModifiedRow,
                unreadable.Sequence ?? expected,
                Invariant($"Row {unreadable.Sequence ?? expected} was modified: it can no longer be read as an audit record ({unreadable.InnerException?.Message ?? unreadable.Message})."),
                null);

    private static AuditIntegrityProblem Missing(long expected, long found) => new(
        AuditIntegrityProblemKind.MissingRow,
        expected,
        Invariant($"Row {expected} is missing: the chain jumps from {expected - 1} to {found} ({found - expected} row(s) deleted)."),
        null);

    /// <summary>Whether <paramref name="entry"/>'s hash is recomputed from <paramref name="previous"/> and its content.</summary>
    private static bool LinksFrom(byte[] previous, AuditChainEntry entry, byte[] computed)
    {
        AuditChain.ComputeHash(previous, entry.Sequence, entry.Record, computed);
        return computed.AsSpan().SequenceEqual(entry.Hash);
    }

    /// <summary>The report of a pass that stopped at <paramref name="entry"/> with <paramref name="problem"/>, after <paramref name="rows"/> good rows.</summary>
    private static AuditVerificationReport Stopped(AuditVerificationReport report, long rows, AuditChainEntry entry, AuditIntegrityProblem problem) =>
        report with { RowsVerified = rows, LastSequence = entry.Sequence, Problem = problem };


    /// <summary>A row whose hash does not match: moved here from elsewhere (reordered), or changed in place (modified).</summary>
    private async Task<AuditIntegrityProblem> DiagnoseMismatchAsync(AuditChainEntry entry, byte[] previous, CancellationToken cancellationToken)
    {
        var looked = 0;
        var candidates = new AuditChainCursor(_store.ReadChainAsync(entry.Sequence, cancellationToken), cancellationToken);
        await using var disposeCandidates = candidates.ConfigureAwait(false);
        while (await candidates.MoveNextAsync().ConfigureAwait(false))
        {
            var candidate = candidates.Current;
            if (++looked > ReorderSearchWindow)
            {
                break;
            }

            if (AuditChain.ComputeHash(previous, entry.Sequence, candidate.Record).AsSpan().SequenceEqual(candidate.Hash))
            {
                return new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.ReorderedRows,
                    entry.Sequence,
                    Invariant($"Rows were reordered: the event written as row {entry.Sequence} ({candidate.Record.Id}) now stands at row {candidate.Sequence}, and row {entry.Sequence} holds event {entry.Record.Id}."),
                    candidate.Record.Id);
            }
        }

        return new AuditIntegrityProblem(
            AuditIntegrityProblemKind.ModifiedRow,
            entry.Sequence,
            Invariant($"Row {entry.Sequence} (event {entry.Record.Id}) was modified: its content no longer matches its hash."),
            entry.Record.Id);
    }


    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
