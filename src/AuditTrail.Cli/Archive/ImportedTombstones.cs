namespace AuditTrail.Cli.Archive;

/// <summary>
/// After an import's writes: finds the segment's rows the import added (those after the chain head it started from
/// whose ids the segment holds, so rows the application wrote meanwhile are not counted), and tombstones the added
/// rows whose archived records were tombstones, with their reasons, through <see cref="IAuditTombstoneStore"/>.
/// </summary>
internal static class ImportedTombstones
{
    private const int BatchSize = 500;

    /// <returns>How many of the segment's records the import added, and how many of those it tombstoned.</returns>
    public static async Task<(long Added, int Tombstoned)> ApplyAsync(
        IAuditStore store, long afterSequence, IReadOnlySet<Guid> imported, IReadOnlyDictionary<Guid, string> reasons, CancellationToken cancellationToken)
    {
        var chain = (IAuditChainStore)store;
        var tombstoner = store as IAuditTombstoneStore;
        if (reasons.Count > 0 && tombstoner is null)
        {
            throw new CliUsageException($"The segment holds {reasons.Count} tombstone(s), and this store cannot keep tombstones.");
        }

        long added = 0;
        var requests = new List<AuditTombstoneRequest>();
        await foreach (var entry in chain.ReadChainAsync(afterSequence, cancellationToken).ConfigureAwait(false))
        {
            if (!imported.Contains(entry.Record.Id))
            {
                continue;
            }

            added++;
            if (entry.Tombstone is null && reasons.TryGetValue(entry.Record.Id, out var reason))
            {
                requests.Add(new AuditTombstoneRequest(entry.Sequence, entry.Record.Id, reason));
            }
        }

        var tombstoned = 0;
        foreach (var chunk in requests.Chunk(BatchSize))
        {
            tombstoned += await tombstoner!.TombstoneAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return (added, tombstoned);
    }
}
