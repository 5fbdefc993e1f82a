using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Retention's pass inside the chain: finds the records whose category's period has run out while records before
/// them are kept, and has the store tombstone them in batches (docs/integrity.md). Held records are left whole.
/// </summary>
/// <remarks>
/// It reads the chain from the retention anchor and stops at the first record recorded after the shortest period's
/// cutoff: later records cannot have expired yet, except ones logged with an older time, which a later pass reaches.
/// </remarks>
internal sealed class AuditTombstoner(IAuditStore store, IAuditRecordHoldCheck holds)
{
    // prefixCutoff: the cutoff of the prefix purge that follows, when there is one. The leading records older than it
    // are purged whole (and archived first, when archiving), so they are left as they are.
    public async Task<int> TombstoneAsync(AuditRetentionPolicy policy, DateTimeOffset anchor, DateTimeOffset limit, int batchSize, CancellationToken cancellationToken, DateTimeOffset? prefixCutoff = null)
    {
        if (store is not IAuditTombstoneStore tombstones || store is not IAuditChainStore chain || policy.ShortestPeriod is not { } shortest)
        {
            return 0;
        }

        var scanUntil = anchor - shortest < limit ? anchor - shortest : limit;
        var start = (await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
        var batch = new List<(AuditTombstoneRequest Request, AuditRecord Record)>(batchSize);
        var total = 0;
        var inPurgedPrefix = prefixCutoff is not null;
        await foreach (var entry in chain.ReadChainAsync(start, cancellationToken).ConfigureAwait(false))
        {
            var record = entry.Record;
            if (record.RecordedAt >= scanUntil)
            {
                break;
            }

            if (inPurgedPrefix && record.OccurredAt < prefixCutoff)
            {
                continue;
            }

            inPurgedPrefix = false;
            if (entry.Tombstone is not null || record.OccurredAt >= scanUntil)
            {
                continue;
            }

            var (period, rule) = policy.PeriodFor(record.ActionType, record.Action, record.TenantId);
            if (period is not { } kept || record.OccurredAt >= anchor - kept)
            {
                continue;
            }

            batch.Add((new AuditTombstoneRequest(entry.Sequence, record.Id, ReasonOf(rule)), record));
            if (batch.Count == batchSize)
            {
                total += await TombstoneUnheldAsync(tombstones, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            total += await TombstoneUnheldAsync(tombstones, batch, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    /// <summary>
    /// Tombstones the records of <paramref name="batch"/> that no legal hold covers, asked just before: one read of the
    /// holds a batch (a question a record read every hold from the store, a million reads for a million expired records).
    /// </summary>
    private async Task<int> TombstoneUnheldAsync(IAuditTombstoneStore tombstones, List<(AuditTombstoneRequest Request, AuditRecord Record)> batch, CancellationToken cancellationToken)
    {
        var held = await holds.AreHeldAsync([.. batch.Select(b => b.Record)], cancellationToken).ConfigureAwait(false);
        AuditTombstoneRequest[] requests = [.. batch.Where((_, i) => !held[i]).Select(b => b.Request)];
        return requests.Length == 0 ? 0 : await tombstones.TombstoneAsync(requests, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The reason stored with a tombstone: the rule that expired it.</summary>
    internal static string ReasonOf(int rule) =>
        rule < 0 ? "retention:Period" : string.Create(CultureInfo.InvariantCulture, $"retention:Rules[{rule}]");
}
