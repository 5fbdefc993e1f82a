using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Checks one segment against its manifest: the signature, the file's SHA-256, then every line (gap-free sequence from
/// the manifest's first, each record's link recomputed from the previous hash with the chain's canonical encoding, a
/// tombstone's stored hash taken as its link once its content is confirmed gone), and the count and last hash.
/// </summary>
internal sealed class AuditArchiveSegmentCheck(AuditArchiveReader reader, AuditKeyRing? keys)
{
    /// <summary>The problem, or <see langword="null"/>; <paramref name="hashAt"/> receives the hash at one sequence (for the store's anchor).</summary>
    public async Task<(AuditArchiveProblem? Problem, long Tombstones)> CheckAsync(
        string name, AuditArchiveManifest manifest, AuditArchiveErasures erasures, long watchSequence, Action<byte[]> hashAt, CancellationToken cancellationToken)
    {
        if (manifest.IsSigned && keys is not null && !keys.Verify(manifest, out var knownKey))
        {
            return (Altered(name, knownKey
                ? "its manifest's signature does not verify: the manifest was changed after it was signed"
                : $"its manifest is signed by key {manifest.KeyId}, which is not among the trusted public keys"), 0);
        }

        if (!manifest.IsSigned && keys is not null)
        {
            return (new AuditArchiveProblem(AuditArchiveProblemKind.UnsignedSegment, name, $"Segment '{name}' has an unsigned manifest, but signatures were required (public keys were given)."), 0);
        }

        string sha256;
        try
        {
            sha256 = await reader.ComputeSha256Async(name, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // The sink lists segments by their manifests: this one's rows are gone with its file.
            return (new AuditArchiveProblem(AuditArchiveProblemKind.MissingSegment, name, Invariant(
                $"Segment '{name}' is missing: its manifest remains, but the file of its rows {manifest.FirstSequence} to {manifest.LastSequence} is gone.")), 0);
        }

        if (!string.Equals(sha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return (Altered(name, $"the file's SHA-256 is {sha256}, not the {manifest.Sha256} its manifest records"), 0);
        }

        var previous = Convert.FromHexString(manifest.PreviousHash);
        if (watchSequence == manifest.FirstSequence - 1)
        {
            hashAt(previous);
        }

        var computed = new byte[AuditChain.HashLength];
        var expected = manifest.FirstSequence;
        long tombstones = 0;
        try
        {
            await foreach (var entry in reader.ReadEntriesAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Sequence != expected)
                {
                    return (Altered(name, Invariant($"it holds row {entry.Sequence} where row {expected} belongs")), tombstones);
                }

                if (entry.Tombstone is not null)
                {
                    if (!AuditTombstoneCheck.IsEmptied(entry.Record))
                    {
                        return (Altered(name, Invariant($"row {entry.Sequence} (event {entry.Record.Id}) is marked as a tombstone but holds content its hash does not cover")), tombstones);
                    }

                    tombstones++;
                }
                else
                {
                    AuditChain.ComputeHash(previous, entry.Sequence, entry.Record, computed);
                    if (!computed.AsSpan().SequenceEqual(entry.Hash) && !erasures.TakeAsErased(name, entry))
                    {
                        return (Altered(name, Invariant($"row {entry.Sequence} (event {entry.Record.Id}) does not link to the row before it: its content or hash was changed")), tombstones);
                    }
                }

                erasures.Feed(name, entry);
                if (entry.Sequence == watchSequence)
                {
                    hashAt(entry.Hash);
                }

                previous = entry.Hash;
                expected++;
            }
        }
        catch (InvalidDataException ex)
        {
            return (Altered(name, "its content cannot be read: " + ex.Message), tombstones);
        }

        var count = expected - manifest.FirstSequence;
        if (count != manifest.RecordCount || expected - 1 != manifest.LastSequence || !string.Equals(Convert.ToHexStringLower(previous), manifest.LastHash, StringComparison.OrdinalIgnoreCase))
        {
            return (Altered(name, Invariant($"it holds {count} row(s) ending at row {expected - 1}, while its manifest records {manifest.RecordCount} ending at row {manifest.LastSequence} with hash {manifest.LastHash}")), tombstones);
        }

        return (null, tombstones);
    }

    private static AuditArchiveProblem Altered(string name, string what) =>
        new(AuditArchiveProblemKind.AlteredSegment, name, $"Segment '{name}' was altered: {what}.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
