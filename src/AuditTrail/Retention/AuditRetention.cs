using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// One retention pass: deletes records older than the period in bounded batches and records the purge
/// as a System event with the count.
/// </summary>
/// <remarks>
/// Three guards keep a wrong clock from purging what it must not. The cutoff is measured from the earlier of the clock
/// and the newest record's <see cref="AuditRecord.RecordedAt"/>, so nothing within the period before the last record
/// written is ever deleted. <see cref="AuditRetentionClockGuard"/> refuses the pass when the wall clock jumped ahead of
/// the monotonic clock since the trail was first used (<see cref="AuditClockWatch"/>; records logged afterwards carry
/// the jumped time too and would move the first guard's anchor), and when the newest record is ahead of the clock
/// (the clock went back, which a new process sees from the records alone). Active legal holds
/// (<see cref="IAuditLegalHolds.LimitCutoffAsync"/>) and unhandled consumer positions move the cutoff back.
/// </remarks>
internal sealed partial class AuditRetention(
    IAuditStore store,
    IAuditLogger auditLogger,
    IOptions<AuditTrailOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditRetention> logger,
    AuditRetentionClockGuard clockGuard,
    IAuditLegalHolds holds,
    IAuditCheckpointWriter? checkpoints = null,
    AuditConsumerRetentionGuard? consumers = null,
    AuditTombstoner? tombstoner = null) : IAuditRetention
{
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var retention = options.Value.Retention;
        var policy = new AuditRetentionPolicy(retention);
        if (!policy.IsActive)
        {
            return 0;
        }

        if (clockGuard.JumpedAhead(retention))
        {
            return 0;
        }

        var newest = await store.GetNewestRecordedAtAsync(cancellationToken).ConfigureAwait(false);
        if (newest is null)
        {
            return 0;
        }

        var now = timeProvider.GetUtcNow();
        if (clockGuard.RecordsAheadOfClock(retention, newest.Value, now))
        {
            return 0;
        }

        var anchor = newest.Value < now ? newest.Value : now;

        if (tombstoner is not null && store is IAuditTombstoneStore && policy.ShortestPeriod is { } shortest)
        {
            // Nothing a registered consumer has not handled is tombstoned (nor purged, below), unless it is behind by more
            // than its MaxLag; held records are skipped (IAuditRecordHoldCheck).
            var limit = consumers is null ? anchor - shortest : await consumers.LimitAsync(anchor - shortest, now, cancellationToken).ConfigureAwait(false);
            var tombstoned = await tombstoner.TombstoneAsync(policy, anchor, limit, retention.BatchSize, cancellationToken).ConfigureAwait(false);
            if (tombstoned > 0)
            {
                LogTombstoned(tombstoned);
            }
        }

        // Only a prefix older than every period goes whole; what expires sooner inside the chain became a tombstone above.
        if (policy.LongestPeriod is not { } period)
        {
            return 0;
        }

        // Nothing an active legal hold covers is purged: the prefix stops before the first held record.
        var cutoff = await holds.LimitCutoffAsync(anchor - period, cancellationToken).ConfigureAwait(false);
        if (consumers is not null)
        {
            // Nothing a registered consumer has not handled is purged, unless it is behind by more than its MaxLag.
            cutoff = await consumers.LimitAsync(cutoff, now, cancellationToken).ConfigureAwait(false);
        }

        var total = 0;
        while (true)
        {
            var deleted = await store.PurgeAsync(cutoff, retention.BatchSize, cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < retention.BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            LogPurged(total, cutoff);

            // The chain now starts after the purged prefix; a signed anchor lets the verifier tell this purge from tampering.
            if (checkpoints is not null)
            {
                await checkpoints.AnchorAsync(cancellationToken).ConfigureAwait(false);
            }

            await auditLogger.LogAsync(
                new AuditEvent
                {
                    Action = AuditActions.AuditPurged,
                    ActionType = AuditActionType.Delete,
                    Actor = AuditActor.System,
                    Resource = new AuditResource("audit_trail", null, "Audit trail"),
                    Description = string.Create(CultureInfo.InvariantCulture, $"Retention purged {total} audit record(s) older than {cutoff:yyyy-MM-dd HH:mm:ss} UTC"),
                    Metadata = new Dictionary<string, string>
                    {
                        ["purged_count"] = total.ToString(CultureInfo.InvariantCulture),
                        ["cutoff"] = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                        ["retention_period"] = period.ToString("c", CultureInfo.InvariantCulture),
                    },
                },
                cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Audit retention tombstoned {Count} record(s) whose category's period ran out inside the chain.")]
    private partial void LogTombstoned(int count);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Audit retention purged {Count} record(s) that occurred before {Cutoff:O}.")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);
}
