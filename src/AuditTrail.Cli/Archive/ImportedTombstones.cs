namespace AuditTrail.Cli.Archive;

/// <summary>
/// Makes the imported records that were tombstones in the segment tombstones again, with their reasons. The emptied
/// record was written like any other (the store hashed it as its own link), so the store's tombstoning checks that
/// link and marks the row; the verifier then counts it as a tombstone wherever the retention policy explains it.
/// </summary>
internal static class ImportedTombstones
{
    private const int BatchSize = 500;

    /// <summary>Tombstones the rows written after <paramref name="afterSequence"/> whose id is in <paramref name="reasons"/>.</summary>
    /// <returns>How many rows became tombstones.</returns>
    public static async Task<int> ApplyAsync(IAuditStore store, long afterSequence, IReadOnlyDictionary<Guid, string> reasons, CancellationToken cancellationToken)
    {
        if (reasons.Count == 0)
        {
            return 0;
        }

        var tombstoner = store as IAuditTombstoneStore
            ?? throw new CliUsageException($"The segment holds {reasons.Count} tombstone(s), and this store cannot keep tombstones.");
        var chain = (IAuditChainStore)store;
        var requests = new List<AuditTombstoneRequest>();
        await foreach (var entry in chain.ReadChainAsync(afterSequence, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Tombstone is null && reasons.TryGetValue(entry.Record.Id, out var reason))
            {
                requests.Add(new AuditTombstoneRequest(entry.Sequence, entry.Record.Id, reason));
            }
        }

        var tombstoned = 0;
        foreach (var chunk in requests.Chunk(BatchSize))
        {
            tombstoned += await tombstoner.TombstoneAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return tombstoned;
    }
}
