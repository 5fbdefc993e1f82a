namespace AuditTrail.Conformance.Support;

/// <summary>Records to tombstone, full of one person's data, and requests to tombstone a store's rows, as retention makes them.</summary>
public static class TombstoneRequests
{
    /// <summary><paramref name="count"/> records of Nina Numbat (<c>u-nina</c>), with her address, user agent and a "termite survey".</summary>
    public static AuditRecord[] NinaNumbat(int count) => [.. Some.Records(count, Some.Time).Select(record => record with
    {
        Actor = AuditActor.User("u-nina", "Nina Numbat"),
        SourceIp = "203.0.113.9",
        UserAgent = "NumbatBrowser/2.0",
        Description = "termite survey",
    })];

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
