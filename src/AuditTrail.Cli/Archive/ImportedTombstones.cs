using System.Text.Json;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// After an import's writes: finds the segment's rows the import added (those after the chain head it started from
/// whose ids the segment holds, so rows the application wrote meanwhile are not counted), and tombstones the rows whose
/// archived records were tombstones, with their reasons, through <see cref="IAuditTombstoneStore"/>: the added ones,
/// and those an earlier import of the segment wrote but stopped before tombstoning (the emptied record, as archived,
/// still untombstoned before the head). A row of the same id holding other content is never emptied.
/// </summary>
internal static class ImportedTombstones
{
    private const int BatchSize = 500;

    /// <returns>How many of the segment's records the import added, how many of those it tombstoned, and how many rows of an earlier, stopped import it tombstoned.</returns>
    public static async Task<(long Added, int Tombstoned, int Resumed)> ApplyAsync(
        IAuditStore store, long afterSequence, IReadOnlySet<Guid> imported, IReadOnlyDictionary<Guid, AuditChainEntry> tombstones, CancellationToken cancellationToken)
    {
        var chain = (IAuditChainStore)store;
        var tombstoner = store as IAuditTombstoneStore;
        if (tombstones.Count > 0 && tombstoner is null)
        {
            throw new CliUsageException($"The segment holds {tombstones.Count} tombstone(s), and this store cannot keep tombstones.");
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
            if (entry.Tombstone is null && tombstones.TryGetValue(entry.Record.Id, out var archived))
            {
                requests.Add(new AuditTombstoneRequest(entry.Sequence, entry.Record.Id, archived.Tombstone!));
            }
        }

        var tombstoned = await TombstoneAsync(tombstoner, requests, cancellationToken).ConfigureAwait(false);
        var resumed = added == imported.Count || tombstones.Count == 0 || afterSequence == 0
            ? 0
            : await TombstoneAsync(tombstoner, await EarlierAsync(chain, afterSequence, tombstones, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return (added, tombstoned, resumed);
    }

    /// <summary>The rows before <paramref name="head"/> that hold a tombstone's emptied record, as archived, not tombstoned yet.</summary>
    private static async Task<List<AuditTombstoneRequest>> EarlierAsync(IAuditChainStore chain, long head, IReadOnlyDictionary<Guid, AuditChainEntry> tombstones, CancellationToken cancellationToken)
    {
        var requests = new List<AuditTombstoneRequest>();
        await foreach (var entry in chain.ReadChainAsync(0, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence > head)
            {
                break;
            }

            if (entry.Tombstone is null && tombstones.TryGetValue(entry.Record.Id, out var archived) && SameContent(entry.Record, archived.Record))
            {
                requests.Add(new AuditTombstoneRequest(entry.Sequence, entry.Record.Id, archived.Tombstone!));
            }
        }

        return requests;
    }

    private static bool SameContent(AuditRecord stored, AuditRecord archived) =>
        JsonSerializer.Serialize(stored, AuditJson.Options) == JsonSerializer.Serialize(archived, AuditJson.Options);

    private static async Task<int> TombstoneAsync(IAuditTombstoneStore? tombstoner, List<AuditTombstoneRequest> requests, CancellationToken cancellationToken)
    {
        var tombstoned = 0;
        foreach (var chunk in requests.Chunk(BatchSize))
        {
            tombstoned += await tombstoner!.TombstoneAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return tombstoned;
    }
}
