using System.Globalization;

namespace AuditTrail;

/// <summary>
/// <see cref="IAuditArchiveVerifier"/> over an <see cref="IAuditArchiveSink"/>: it walks the segments in name order
/// (which is chain order), checks each one (<see cref="AuditArchiveSegmentCheck"/>) and its place after the one before,
/// then, given a store, that the store's retention anchor lies on the archived chain and its rows continue the last segment.
/// </summary>
public sealed class AuditArchiveVerifier : IAuditArchiveVerifier
{
    private readonly IAuditArchiveSink _sink;
    private readonly AuditKeyRing? _keys;
    private readonly IAuditChainStore? _store;

    /// <summary>Creates a verifier.</summary>
    /// <param name="sink">The segments.</param>
    /// <param name="keys">The trusted public keys: given, every manifest must carry a valid signature; <see langword="null"/> to check none (unsigned segments are counted).</param>
    /// <param name="store">The live store that continues the archive, or <see langword="null"/> to check the archive alone.</param>
    public AuditArchiveVerifier(IAuditArchiveSink sink, AuditKeyRing? keys, IAuditChainStore? store)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
        _keys = keys;
        _store = store;
    }

    /// <inheritdoc />
    public async Task<AuditArchiveVerificationReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var reader = new AuditArchiveReader(_sink);
        var report = new AuditArchiveVerificationReport { SignaturesChecked = _keys is not null, StoreChecked = _store is not null };
        var names = await _sink.ListAsync(cancellationToken).ConfigureAwait(false);
        var manifests = new List<AuditArchiveManifest>(names.Count);
        foreach (var name in names)
        {
            try
            {
                manifests.Add(await reader.ReadManifestAsync(name, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException ex)
            {
                return report with { Problem = AuditArchiveFormat.Unreadable(name, ex) };
            }
        }

        var anchor = _store is null ? null : await _store.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        report = report with { StoreAnchor = anchor };
        byte[]? archivedAtAnchor = null;
        var check = new AuditArchiveSegmentCheck(reader, _keys);
        using var erasures = new AuditArchiveErasures(prefixMissing: manifests.Count > 0 && manifests[0].FirstSequence > 1);
        string? previousName = null;
        AuditArchiveManifest? previous = null;
        for (var i = 0; i < manifests.Count; i++)
        {
            var (name, manifest) = (names[i], manifests[i]);
            if (Place(names, manifests, i, previousName, previous) is { } misplaced)
            {
                return report with { Problem = misplaced };
            }

            var (problem, tombstones) = await check.CheckAsync(name, manifest, erasures, anchor?.Sequence ?? -1, hash => archivedAtAnchor = hash, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return report with { Problem = problem, ErasedVerified = erasures.Erased };
            }

            report = report with
            {
                SegmentsVerified = report.SegmentsVerified + 1,
                RecordsVerified = report.RecordsVerified + manifest.RecordCount,
                TombstonesVerified = report.TombstonesVerified + tombstones,
                UnsignedSegments = report.UnsignedSegments + (manifest.IsSigned ? 0 : 1),
                FirstSequence = report.FirstSequence ?? manifest.FirstSequence,
                LastSequence = manifest.LastSequence,
            };
            (previousName, previous) = (name, manifest);
        }

        var recordedLater = erasures.AnyOpen && _store is IAuditStore store
            ? await RecordedInStoreAsync(store, erasures.Records, cancellationToken).ConfigureAwait(false)
            : new HashSet<string>();
        report = report with { ErasedVerified = erasures.Erased, Problem = erasures.Finish(recordedLater) };
        if (report.Problem is not null)
        {
            return report;
        }

        if (_store is not null)
        {
            var continuity = await new AuditArchiveStoreContinuity(_store).CheckAsync(previousName, previous, anchor, archivedAtAnchor, cancellationToken).ConfigureAwait(false);
            report = report with { Problem = continuity };
        }

        return report;
    }

    /// <summary>
    /// Verifies one segment on its own (its manifest's signature, the file's SHA-256 and every link inside it, from the
    /// manifest's previous hash), without its place among the others or the store: what an import checks.
    /// </summary>
    /// <param name="name">The segment's name in the sink.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <returns>The report.</returns>
    public async Task<AuditArchiveVerificationReport> VerifySegmentAsync(string name, CancellationToken cancellationToken = default)
    {
        var reader = new AuditArchiveReader(_sink);
        var report = new AuditArchiveVerificationReport { SignaturesChecked = _keys is not null };
        AuditArchiveManifest manifest;
        try
        {
            manifest = await reader.ReadManifestAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            return report with { Problem = AuditArchiveFormat.Unreadable(name, ex) };
        }

        if (!string.Equals(manifest.Segment, name, StringComparison.Ordinal))
        {
            return report with { Problem = StoredUnderAnotherName(name, manifest) };
        }

        using var erasures = new AuditArchiveErasures(prefixMissing: true);
        var (problem, tombstones) = await new AuditArchiveSegmentCheck(reader, _keys).CheckAsync(name, manifest, erasures, -1, _ => { }, cancellationToken).ConfigureAwait(false);
        if (problem is null && erasures.AnyOpen)
        {
            problem = erasures.Finish(await RecordedInLaterSegmentsAsync(reader, name, [.. erasures.Open], cancellationToken).ConfigureAwait(false));
        }

        return problem is not null
            ? report with { Problem = problem }
            : report with
            {
                ErasedVerified = erasures.Erased,
                SegmentsVerified = 1,
                RecordsVerified = manifest.RecordCount,
                TombstonesVerified = tombstones,
                UnsignedSegments = manifest.IsSigned ? 0 : 1,
                FirstSequence = manifest.FirstSequence,
                LastSequence = manifest.LastSequence,
            };
    }

    /// <summary>The pseudonyms of the store's erasure records that the archive does not hold: those after it.</summary>
    private static async Task<HashSet<string>> RecordedInStoreAsync(IAuditStore store, IReadOnlySet<Guid> archived, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in store.StreamAsync(new AuditFilter { Actions = [AuditActions.AuditErased] }, cancellationToken).ConfigureAwait(false))
        {
            if (!archived.Contains(record.Id) && AuditErasureRecords.PseudonymOf(record) is { } pseudonym)
            {
                recorded.Add(pseudonym);
            }
        }

        return recorded;
    }

    /// <summary>
    /// Which of <paramref name="open"/> an erasure record in a segment after <paramref name="name"/> names (their digests
    /// cover rows of segments not read here, so only the record is looked for); reading stops once all are found.
    /// </summary>
    private async Task<HashSet<string>> RecordedInLaterSegmentsAsync(AuditArchiveReader reader, string name, HashSet<string> open, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var later in (await _sink.ListAsync(cancellationToken).ConfigureAwait(false)).Where(n => string.CompareOrdinal(n, name) > 0).Order(StringComparer.Ordinal))
        {
            try
            {
                await foreach (var entry in reader.ReadEntriesAsync(later, cancellationToken).ConfigureAwait(false))
                {
                    if (entry.Tombstone is null && AuditErasureRecords.PseudonymOf(entry.Record) is { } pseudonym && open.Contains(pseudonym) && recorded.Add(pseudonym)
                        && recorded.Count == open.Count)
                    {
                        return recorded;
                    }
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
            {
                // A later segment that cannot be read confirms nothing; its own verification names it.
            }
        }

        return recorded;
    }

    /// <summary>A segment whose manifest names another file: copied or renamed, its rows are not where they belong.</summary>
    private static AuditArchiveProblem StoredUnderAnotherName(string name, AuditArchiveManifest manifest) =>
        new(AuditArchiveProblemKind.ReorderedSegment, name, Invariant(
            $"Segment '{name}' is out of place: it holds rows {manifest.FirstSequence} to {manifest.LastSequence} of segment '{manifest.Segment}', stored under another segment's name."));

    /// <summary>Whether segment <paramref name="i"/> is stored where it belongs: under its own name, right after the previous one.</summary>
    private static AuditArchiveProblem? Place(IReadOnlyList<string> names, List<AuditArchiveManifest> manifests, int i, string? previousName, AuditArchiveManifest? previous)
    {
        var (name, manifest) = (names[i], manifests[i]);
        if (!string.Equals(manifest.Segment, name, StringComparison.Ordinal))
        {
            return StoredUnderAnotherName(name, manifest);
        }

        if (previous is null)
        {
            var genesis = manifest.PreviousHash.All(c => c == '0');
            return genesis && manifest.FirstSequence != 1
                ? new(AuditArchiveProblemKind.AlteredSegment, name, Invariant($"Segment '{name}' was altered: it starts the chain (previous hash zero) at row {manifest.FirstSequence} instead of row 1."))
                : null;
        }

        var expected = previous.LastSequence + 1;
        if (manifest.FirstSequence < expected)
        {
            return new(AuditArchiveProblemKind.ReorderedSegment, name, Invariant(
                $"Segment '{name}' is out of place: it holds rows {manifest.FirstSequence} to {manifest.LastSequence}, but follows '{previousName}', which ends at row {previous.LastSequence}."));
        }

        if (manifest.FirstSequence > expected)
        {
            var belongs = manifests.Skip(i + 1).FirstOrDefault(m => m.FirstSequence == expected);
            return belongs is not null
                ? new(AuditArchiveProblemKind.ReorderedSegment, belongs.Segment, Invariant(
                    $"Segment '{belongs.Segment}' is out of place: it holds rows {belongs.FirstSequence} to {belongs.LastSequence}, which belong between '{previousName}' and '{name}'."))
                : new(AuditArchiveProblemKind.MissingSegment, null, Invariant(
                    $"A segment is missing: rows {expected} to {manifest.FirstSequence - 1}, between '{previousName}' and '{name}', are in no segment."));
        }

        return string.Equals(manifest.PreviousHash, previous.LastHash, StringComparison.OrdinalIgnoreCase)
            ? null
            : new(AuditArchiveProblemKind.AlteredSegment, name, Invariant(
                $"Segment '{name}' was altered: it continues hash {manifest.PreviousHash}, but '{previousName}' ends at row {previous.LastSequence} with hash {previous.LastHash}."));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
