namespace AuditTrail.Cli.Purge;

/// <summary>
/// What a purge before a cutoff removes: the records written first, in write order, up to the first one that occurred
/// at or after the cutoff (a purge stops there, see <see cref="IAuditStore.PurgeAsync"/>), so the plan reads the chain
/// from the retention anchor exactly as far.
/// </summary>
/// <param name="Count">How many records.</param>
/// <param name="FirstSequence">The first one's sequence number (0 when none).</param>
/// <param name="LastSequence">The last one's sequence number (0 when none).</param>
/// <param name="OldestOccurredAt">The earliest occurred_at among them.</param>
/// <param name="NewestOccurredAt">The latest occurred_at among them.</param>
/// <param name="ByActionType">How many of each action type, most first.</param>
internal sealed record PurgePlan(
    long Count,
    long FirstSequence,
    long LastSequence,
    DateTimeOffset? OldestOccurredAt,
    DateTimeOffset? NewestOccurredAt,
    IReadOnlyList<KeyValuePair<AuditActionType, long>> ByActionType)
{
    public static async Task<PurgePlan> ReadAsync(IAuditChainStore chain, DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var anchor = await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        long count = 0, first = 0, last = 0;
        DateTimeOffset? oldest = null, newest = null;
        var byType = new Dictionary<AuditActionType, long>();
        await foreach (var entry in chain.ReadChainAsync(anchor?.Sequence ?? 0, cancellationToken).ConfigureAwait(false))
        {
            var occurred = entry.Record.OccurredAt;
            if (occurred >= cutoff)
            {
                break;
            }

            count++;
            first = first == 0 ? entry.Sequence : first;
            last = entry.Sequence;
            oldest = oldest is null || occurred < oldest ? occurred : oldest;
            newest = newest is null || occurred > newest ? occurred : newest;
            byType[entry.Record.ActionType] = byType.GetValueOrDefault(entry.Record.ActionType) + 1;
        }

        return new PurgePlan(count, first, last, oldest, newest, [.. byType.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key)]);
    }
}
