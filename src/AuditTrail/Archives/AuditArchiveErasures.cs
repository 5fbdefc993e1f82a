using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The archive verifier's judgement of erased rows (docs/retention.md). An erasure record always follows the rows it
/// rewrote, and segments are read in chain order, so a row that does not link from its content but carries a pseudonym
/// is taken as erased until a record of one of its pseudonyms follows: in a later line, or in the live store after the
/// archive. As the store's verifier does (<see cref="AuditErasureCheck"/>), every row feeds the digest of each pseudonym
/// it carries, and an erasure record whose count and digest are not those of the rows before it is reported, unless a
/// later record of the same pseudonym supersedes it. What is still open at the end of the walk is reported there.
/// </summary>
internal sealed class AuditArchiveErasures(bool prefixMissing) : IDisposable
{
    private readonly Dictionary<string, Pseudonym> _pseudonyms = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, PendingRow> _pending = [];
    private readonly HashSet<Guid> _records = [];

    /// <summary>How many rows were taken as erased.</summary>
    public long Erased { get; private set; }

    /// <summary>The ids of the erasure records read.</summary>
    public IReadOnlySet<Guid> Records => _records;

    /// <summary>Whether rows or records still wait for a later erasure record.</summary>
    public bool AnyOpen => _pending.Count > 0 || _pseudonyms.Values.Any(p => p.Mismatch is not null);

    /// <summary>The pseudonyms rows or records still wait for.</summary>
    public IEnumerable<string> Open => _pseudonyms.Where(p => p.Value.Mismatch is not null || p.Value.Pending.Count > 0).Select(p => p.Key);

    /// <summary>Whether a row that does not link from its content may be an erased one: it carries a pseudonym.</summary>
    public bool TakeAsErased(string segment, AuditChainEntry entry)
    {
        var carried = PseudonymsOf(entry.Record).ToList();
        if (carried.Count == 0)
        {
            return false;
        }

        _pending[entry.Sequence] = new PendingRow(segment, entry.Sequence, entry.Record.Id, carried);
        foreach (var pseudonym in carried)
        {
            State(pseudonym).Pending.Add(entry.Sequence);
        }

        Erased++;
        return true;
    }

    /// <summary>Feeds a row that was read (linked, tombstone or taken as erased) to its pseudonyms' digests, and judges an erasure record.</summary>
    public void Feed(string segment, AuditChainEntry entry)
    {
        byte[]? contentHash = null;
        foreach (var pseudonym in PseudonymsOf(entry.Record))
        {
            var state = State(pseudonym);
            if (entry.Tombstone is not null && entry.ContentDigest is not { Length: AuditChain.HashLength })
            {
                // Archived before segments carried a tombstone's content digest: the count is still checked.
                state.DigestUnknown = true;
                state.Digest.Add(entry.Sequence, new byte[AuditChain.HashLength]);
                continue;
            }

            contentHash ??= entry.Tombstone is null ? AuditErasureDigest.ContentHash(entry.Sequence, entry.Record) : entry.ContentDigest;
            state.Digest.Add(entry.Sequence, contentHash);
        }

        if (entry.Tombstone is null && AuditErasureRecords.PseudonymOf(entry.Record) is { } recorded)
        {
            Judge(segment, entry, recorded);
        }
    }

    /// <summary>
    /// The first problem left open: a row taken as erased that no record of its pseudonyms followed, or a record that did
    /// not match and was not superseded; <paramref name="recordedLater"/> holds the pseudonyms recorded after what was read.
    /// </summary>
    public AuditArchiveProblem? Finish(IReadOnlySet<string> recordedLater)
    {
        foreach (var pseudonym in recordedLater)
        {
            if (_pseudonyms.TryGetValue(pseudonym, out var state))
            {
                Resolve(state);
                state.Mismatch = null;
            }
        }

        var row = _pending.Values.FirstOrDefault();
        var mismatch = _pseudonyms.Values.Select(p => p.Mismatch).Where(m => m is not null).MinBy(m => m!.Sequence);
        if (row is not null && (mismatch is null || row.Sequence < mismatch.Sequence))
        {
            return Altered(row.Segment, Invariant(
                $"row {row.Sequence} (event {row.Id}) does not link to the row before it, and no erasure record of {string.Join(" or ", row.Pseudonyms)}, which it carries, follows it: its content or hash was changed"));
        }

        return mismatch is null ? null : Altered(mismatch.Segment, mismatch.Message);
    }

    public void Dispose()
    {
        foreach (var state in _pseudonyms.Values)
        {
            state.Digest.Dispose();
        }
    }

    private void Judge(string segment, AuditChainEntry entry, string recorded)
    {
        _records.Add(entry.Record.Id);
        var state = State(recorded);
        var count = state.Digest.Count.ToString(CultureInfo.InvariantCulture);
        var hex = Convert.ToHexStringLower(state.Digest.Current());
        var recordedCount = entry.Record.Metadata.GetValueOrDefault(AuditErasure.MetadataRowCount, "");
        var recordedDigest = entry.Record.Metadata.GetValueOrDefault(AuditErasure.MetadataDigest, "");
        var matches = count == recordedCount && (state.DigestUnknown || hex == recordedDigest);

        // The archive starts after a purge that archived nothing: rows before its first segment are gone, so fewer rows than
        // recorded is what that leaves (the same acceptance as the store's verifier after a retention anchor).
        var shortfall = prefixMissing && int.TryParse(recordedCount, NumberStyles.None, CultureInfo.InvariantCulture, out var expected) && state.Digest.Count < expected;
        Resolve(state);
        state.Mismatch = matches || shortfall ? null : new Mismatch(segment, entry.Sequence, Invariant(
            $"row {entry.Sequence} (event {entry.Record.Id}) is the erasure record of {recorded}, which records {recordedCount} row(s) and digest {recordedDigest}, but the rows before it that carry the pseudonym are {count} with digest {hex}: an erased row was altered, added or removed"));
    }

    private void Resolve(Pseudonym state)
    {
        foreach (var sequence in state.Pending)
        {
            _pending.Remove(sequence);
        }

        state.Pending.Clear();
    }

    private Pseudonym State(string pseudonym)
    {
        if (!_pseudonyms.TryGetValue(pseudonym, out var state))
        {
            state = new Pseudonym();
            _pseudonyms[pseudonym] = state;
        }

        return state;
    }

    private static IEnumerable<string> PseudonymsOf(AuditRecord record) => AuditErasureRecords.Carried(record, AuditPseudonym.IsPseudonym);

    private static AuditArchiveProblem Altered(string segment, string what) =>
        new(AuditArchiveProblemKind.AlteredSegment, segment, $"Segment '{segment}' was altered: {what}.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Pseudonym
    {
        public AuditErasureDigest Digest { get; } = new();

        public bool DigestUnknown { get; set; }

        public List<long> Pending { get; } = [];

        public Mismatch? Mismatch { get; set; }
    }

    private sealed record Mismatch(string Segment, long Sequence, string Message);

    private sealed record PendingRow(string Segment, long Sequence, Guid Id, IReadOnlyList<string> Pseudonyms);
}
