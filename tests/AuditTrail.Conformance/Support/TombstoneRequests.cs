namespace AuditTrail.Conformance.Support;

/// <summary>Requests to tombstone a store's rows, as retention makes them.</summary>
public static class TombstoneRequests
{
    /// <summary>A request for every row of <paramref name="store"/>'s chain, in order, with <paramref name="reason"/>.</summary>
    public static async Task<AuditTombstoneRequest[]> ForEveryRowAsync(IAuditChainStore store, string reason = "retention:Period")
    {
        ArgumentNullException.ThrowIfNull(store);
        var requests = new List<AuditTombstoneRequest>();
        await foreach (var entry in store.ReadChainAsync(0))
        {
            requests.Add(new AuditTombstoneRequest(entry.Sequence, entry.Record.Id, reason));
        }

        return [.. requests];
    }
}
