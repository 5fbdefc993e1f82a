using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Retention's pass inside the chain: finds the records whose category's period has run out while records before
/// them are kept, and has the store tombstone them in batches (docs/integrity.md). Held records are left whole.
/// </summary>
/// <remarks>
/// It reads the chain from the retention anchor and stops at the first record recorded after the shortest period's
/// cutoff: later records cannot have expired yet, except ones logged with an older time, which a later pass reaches.
/// Given what earlier passes concluded (<see cref="AuditTombstoneResume"/>), it skips the runs of rows read before in
/// which nothing can have expired since (once past the prefix about to be purged), and reads the rest.
/// </remarks>
internal sealed class AuditTombstoner(IAuditStore store, IAuditRecordHoldCheck holds, AuditMetrics? metrics = null)
{
    // prefixCutoff: the cutoff of the prefix purge that follows, when there is one. The leading records older than it
    // are purged whole (and archived first, when archiving), so they are left as they are.
    // resume: what this instance's earlier passes concluded (AuditTombstoneResume); null reads everything from the anchor.
    public async Task<int> TombstoneAsync(AuditRetentionPolicy policy, DateTimeOffset anchor, DateTimeOffset limit, int batchSize, CancellationToken cancellationToken, DateTimeOffset? prefixCutoff = null, AuditTombstoneResume? resume = null)
    {
        if (store is not IAuditTombstoneStore tombstones || store is not IAuditChainStore chain || policy.ShortestPeriod is not { } shortest)
        {
            return 0;
        }

        var scanUntil = anchor - shortest < limit ? anchor - shortest : limit;
        var start = (await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
        var plan = resume?.Plan(start, scanUntil);
        var heldDecided = resume?.HeldRowsDecided ?? false;
        var read = new AuditExpirySpans();
        var readThrough = start;
        var batch = new List<(AuditTombstoneRequest Request, AuditRecord Record)>(batchSize);
        var total = 0;
        var inPurgedPrefix = prefixCutoff is not null;
        long rows = 0;
        for (var after = start; ;)
        {
            var skipped = false;
            await foreach (var entry in chain.ReadChainAsync(after, cancellationToken).ConfigureAwait(false))
            {
                rows++;
                var record = entry.Record;
                if (record.RecordedAt >= scanUntil)
                {
                    break;
                }

                if (!(inPurgedPrefix && record.OccurredAt < prefixCutoff))
                {
                    inPurgedPrefix = false;
                    if (plan is { } earlier && entry.Sequence <= earlier.ReadThrough
                        && earlier.Read.NothingDueThrough(entry.Sequence, anchor, earlier.ReadThrough) is { } through)
                    {
                        // An earlier pass read these rows and nothing in them can have expired since: go on after them.
                        read.AddFrom(earlier.Read, entry.Sequence, through);
                        readThrough = after = through;
                        skipped = true;
                        break;
                    }
                }

                var (period, rule) = policy.PeriodFor(record.ActionType, record.Action, record.TenantId);
                var due = entry.Tombstone is null && period is { } kept ? DueAt(record.OccurredAt, kept) : DateTimeOffset.MaxValue;
                if (!inPurgedPrefix && entry.Tombstone is null && record.OccurredAt < scanUntil && period is { } expiring && record.OccurredAt < anchor - expiring)
                {
                    batch.Add((new AuditTombstoneRequest(entry.Sequence, record.Id, ReasonOf(rule)), record));
                    if (batch.Count == batchSize)
                    {
                        total += await TombstoneUnheldAsync(tombstones, batch, cancellationToken).ConfigureAwait(false);
                        batch.Clear();
                    }

                    // Tombstoned now, or held: a held row needs nothing more while the holds stay as they are.
                    due = heldDecided ? DateTimeOffset.MaxValue : due;
                }

                read.Add(entry.Sequence, due, record.RecordedAt);
                readThrough = entry.Sequence;
            }

            if (!skipped)
            {
                break;
            }
        }

        metrics?.RetentionRowsRead(rows);
        if (batch.Count > 0)
        {
            total += await TombstoneUnheldAsync(tombstones, batch, cancellationToken).ConfigureAwait(false);
        }

        resume?.Commit(read, readThrough);
        return total;
    }

    /// <summary>When the anchor reaches <paramref name="occurredAt"/> plus <paramref name="period"/>: from then on the row has expired.</summary>
    private static DateTimeOffset DueAt(DateTimeOffset occurredAt, TimeSpan period) =>
        DateTimeOffset.MaxValue - occurredAt <= period ? DateTimeOffset.MaxValue : occurredAt + period;

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
