using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The verifier's judgement of erased rows (docs/integrity.md). It first reads the <see cref="AuditActions.AuditErased"/>
/// records (an indexed read by action); a row whose actor or target user id is a recorded pseudonym, and that does not
/// link from its content while an erasure record of that pseudonym is still ahead, is taken as erased: its stored hash is
/// its link. Every row feeds the <see cref="AuditErasureDigest"/> of each recorded pseudonym it carries, and at an erasure
/// record the digest and count of the rows before it must be the recorded ones, or it is tampering; unless a later record
/// of the same pseudonym supersedes it (a later erasure rewrote shared rows and recorded this one again).
/// </summary>
internal sealed class AuditErasureCheck : IDisposable
{
    private readonly Dictionary<Guid, (string Pseudonym, string Count, string Digest)> _records;
    private readonly Dictionary<string, int> _ahead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuditErasureDigest> _digests = new(StringComparer.Ordinal);

    private readonly bool _prefixPurged;

    private AuditErasureCheck(Dictionary<Guid, (string, string, string)> records, bool prefixPurged)
    {
        _records = records;
        _prefixPurged = prefixPurged;
        foreach (var (pseudonym, _, _) in records.Values)
        {
            _ahead[pseudonym] = _ahead.GetValueOrDefault(pseudonym) + 1;
            _digests.TryAdd(pseudonym, new AuditErasureDigest());
        }
    }

    /// <summary>Whether the trail holds erasure records.</summary>
    public bool Any => _records.Count > 0;

    /// <summary>How many rows were taken as erased.</summary>
    public long Erased { get; private set; }

    /// <summary>
    /// Reads the erasure records of <paramref name="chain"/> (none when it is not an <see cref="IAuditStore"/>).
    /// <paramref name="prefixPurged"/>: the chain starts after a retention anchor, so erased rows may have been purged.
    /// </summary>
    public static async Task<AuditErasureCheck> LoadAsync(IAuditChainStore chain, bool prefixPurged, CancellationToken cancellationToken)
    {
        var records = new Dictionary<Guid, (string, string, string)>();
        if (chain is IAuditStore store)
        {
            await foreach (var record in store.StreamAsync(new AuditFilter { Actions = [AuditActions.AuditErased] }, cancellationToken).ConfigureAwait(false))
            {
                if (AuditErasureRecords.PseudonymOf(record) is { } pseudonym)
                {
                    records[record.Id] = (pseudonym, record.Metadata.GetValueOrDefault(AuditErasure.MetadataRowCount, ""), record.Metadata.GetValueOrDefault(AuditErasure.MetadataDigest, ""));
                }
            }
        }

        return new AuditErasureCheck(records, prefixPurged);
    }

    /// <summary>Whether a row that does not link from its content is an erased row: it carries a pseudonym whose erasure record is still ahead.</summary>
    public bool TakeAsErased(AuditChainEntry entry)
    {
        if (!PseudonymsOf(entry.Record).Any(pseudonym => _ahead[pseudonym] > 0))
        {
            return false;
        }

        Erased++;
        return true;
    }

    /// <summary>Feeds a checked row to its pseudonym's digest, and checks an erasure record against the rows before it.</summary>
    public AuditIntegrityProblem? Feed(AuditChainEntry entry)
    {
        byte[]? contentHash = null;
        foreach (var pseudonym in PseudonymsOf(entry.Record))
        {
            if (entry.Tombstone is not null && entry.ContentDigest is not { Length: AuditChain.HashLength })
            {
                return Problem(entry, $"is a tombstone of an erased row ({pseudonym}) without its content digest");
            }

            contentHash ??= entry.Tombstone is null ? AuditErasureDigest.ContentHash(entry.Sequence, entry.Record) : entry.ContentDigest;
            _digests[pseudonym].Add(entry.Sequence, contentHash);
        }

        if (entry.Tombstone is not null || !_records.TryGetValue(entry.Record.Id, out var recorded))
        {
            return null;
        }

        _ahead[recorded.Pseudonym]--;
        var digest = _digests[recorded.Pseudonym];
        var count = digest.Count.ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexStringLower(digest.Current());
        if (count == recorded.Count && hex == recorded.Digest)
        {
            return null;
        }

        // Retention purged a prefix of the chain, and with it some of the rows this erasure rewrote: the digest over them all
        // cannot be recomputed. Fewer rows than recorded is what such a purge leaves (a row removed after the anchor is a
        // gap, reported as MissingRow); more is still tampering. docs/integrity.md states what is not proven then.
        if (_prefixPurged && int.TryParse(recorded.Count, NumberStyles.None, CultureInfo.InvariantCulture, out var recordedCount) && digest.Count < recordedCount)
        {
            return null;
        }

        // A later erasure of someone who shares rows with this person rewrote some of them, and recorded this erasure again
        // with the digest it left: that later record checks the rows as they are now.
        if (_ahead[recorded.Pseudonym] > 0)
        {
            return null;
        }

        return Problem(entry, $"is the erasure record of {recorded.Pseudonym}, which records {recorded.Count} row(s) and digest {recorded.Digest}, but the rows before it that carry the pseudonym are {count} with digest {hex}: an erased row was altered, added or removed");
    }

    public void Dispose()
    {
        foreach (var digest in _digests.Values)
        {
            digest.Dispose();
        }
    }

    /// <summary>The recorded pseudonyms a row carries, as actor or target user (once when both are the same).</summary>
    private IEnumerable<string> PseudonymsOf(AuditRecord record) => AuditErasureRecords.Carried(record, _ahead.ContainsKey);

    private static AuditIntegrityProblem Problem(AuditChainEntry entry, string what) => new(
        AuditIntegrityProblemKind.ModifiedRow,
        entry.Sequence,
        string.Create(CultureInfo.InvariantCulture, $"Row {entry.Sequence} (event {entry.Record.Id}) was modified: it {what}."),
        entry.Record.Id);
}
