using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Whether the live store continues the archive: its retention anchor is a link the archive holds (nothing was purged
/// unarchived), and the store's row at the last archived sequence (when it still holds it) or its first row after the
/// anchor links to the last segment's last hash.
/// </summary>
internal sealed class AuditArchiveStoreContinuity(IAuditChainStore store)
{
    public async Task<AuditArchiveProblem?> CheckAsync(
        string? lastName, AuditArchiveManifest? last, AuditChainPosition? anchor, byte[]? archivedAtAnchor, CancellationToken cancellationToken)
    {
        var anchorSequence = anchor?.Sequence ?? 0;
        if (last is null)
        {
            return anchor is null ? null : Missing(Invariant($"The store was purged through row {anchorSequence}, but the archive holds no segment."));
        }

        if (anchorSequence > last.LastSequence)
        {
            return Missing(Invariant($"The store was purged through row {anchorSequence}, but the archive ends at row {last.LastSequence} ('{lastName}'): rows {last.LastSequence + 1} to {anchorSequence} are in no segment."));
        }

        if (anchor is not null && archivedAtAnchor is not null && !archivedAtAnchor.AsSpan().SequenceEqual(anchor.Hash))
        {
            return Broken(Invariant($"The store's retention anchor at row {anchorSequence} has hash {Convert.ToHexStringLower(anchor.Hash)}, but the archive holds {Convert.ToHexStringLower(archivedAtAnchor)} there."));
        }

        var lastHash = Convert.FromHexString(last.LastHash);
        if (anchorSequence < last.LastSequence)
        {
            // The store still holds the last archived row: it must be the very row the archive sealed.
            var row = await FirstAfterAsync(last.LastSequence - 1, cancellationToken).ConfigureAwait(false);
            return row is not null && row.Sequence == last.LastSequence && row.Hash.AsSpan().SequenceEqual(lastHash)
                ? null
                : Broken(Invariant($"The store's row {last.LastSequence} is not the last row of '{lastName}' (hash {last.LastHash}): the store and the archive are different chains."));
        }

        var first = await FirstAfterAsync(anchorSequence, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return null;
        }

        if (first.Sequence != anchorSequence + 1)
        {
            return Broken(Invariant($"The store's first row after its retention anchor at row {anchorSequence} is row {first.Sequence}: rows {anchorSequence + 1} to {first.Sequence - 1} are missing."));
        }

        // A tombstone's stored hash is its link, and an erased row's while the store holds its erasure record, so only a
        // whole row is recomputed here; the store's own verifier checks the rest.
        return first.Tombstone is not null || AuditChain.ComputeHash(lastHash, first.Sequence, first.Record).AsSpan().SequenceEqual(first.Hash)
            || await IsErasedAsync(first, cancellationToken).ConfigureAwait(false)
            ? null
            : Broken(Invariant($"The store's first row {first.Sequence} (event {first.Record.Id}) does not link to the last hash of '{lastName}'."));
    }

    private async Task<bool> IsErasedAsync(AuditChainEntry entry, CancellationToken cancellationToken)
    {
        using var erasures = await AuditErasureCheck.LoadAsync(store, prefixPurged: true, cancellationToken).ConfigureAwait(false);
        return erasures.TakeAsErased(entry);
    }

    private async Task<AuditChainEntry?> FirstAfterAsync(long sequence, CancellationToken cancellationToken)
    {
        await foreach (var entry in store.ReadChainAsync(sequence, cancellationToken).ConfigureAwait(false))
        {
            return entry;
        }

        return null;
    }

    private static AuditArchiveProblem Missing(string message) => new(AuditArchiveProblemKind.MissingSegment, null, message);

    private static AuditArchiveProblem Broken(string message) => new(AuditArchiveProblemKind.StoreDiscontinuity, null, message);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
