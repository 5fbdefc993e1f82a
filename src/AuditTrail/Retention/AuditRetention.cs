using System.Globalization;
using System.Runtime.ExceptionServices;
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
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The pass semaphore is never disposed on purpose (see _pass).")]
internal sealed partial class AuditRetention(
    IAuditStore store,
    AuditEventSubmitter auditLogger,
    IOptions<AuditTrailOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditRetention> logger,
    AuditRetentionClockGuard clockGuard,
    IAuditLegalHolds holds,
    IAuditCheckpointWriter? checkpoints = null,
    AuditConsumerRetentionGuard? consumers = null,
    AuditTombstoner? tombstoner = null,
    AuditRetentionArchive? archive = null,
    AuditMetrics? metrics = null) : IAuditRetention
{
    // This instance's passes (the hosted service's and the application's own calls) run one after another: a call made
    // while a pass is under way waits for it and then applies the policy, rather than finding the store's purge lock
    // taken by its own instance and skipping. Never disposed (it holds no wait handle): an application disposed while a
    // pass is under way (its shutdown timeout ran out) must not make that pass throw as it ends, nor leave a call that
    // waits for it waiting forever.
    private readonly SemaphoreSlim _pass = new(1, 1);

    // What this instance's tombstone passes concluded, so that a pass reads only the rest of the chain (in memory: a
    // restart, a changed policy or a changed set of holds starts again from the anchor). Used under _pass only.
    private readonly AuditTombstoneResume _resume = new();

    // The policy this instance last found signed as the newest (or signed itself). Used under _pass only.
    private string? _policySigned;

    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var retention = options.Value.Retention;
        var policy = new AuditRetentionPolicy(retention);
        if (!policy.IsActive)
        {
            return 0;
        }

        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One purge at a time on a store: a pass that ran while another was between its batches would take those
            // for an interrupted purge's and record them, and the other purge would record them again.
            var purgeLock = await AuditPurgeLocks.TryAcquireAsync(store, cancellationToken).ConfigureAwait(false);
            if (purgeLock is null)
            {
                LogAnotherPurgeRunning();
                return 0;
            }

            await using (purgeLock.ConfigureAwait(false))
            {
                return await PurgeLockedAsync(retention, policy, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<int> PurgeLockedAsync(AuditRetentionOptions retention, AuditRetentionPolicy policy, CancellationToken cancellationToken)
    {
        // A purge killed between its batches and its record left rows removed unrecorded: record them first.
        // Its anchor is signed too, as the purge would have (the command line's purges do the same).
        if (await AuditInterruptedPurge.FindAsync(store, AuditActor.System, cancellationToken).ConfigureAwait(false) is { } interrupted)
        {
            if (checkpoints is not null)
            {
                await checkpoints.AnchorAsync(cancellationToken).ConfigureAwait(false);
            }

            await auditLogger.SubmitAsync(interrupted, waitForCommit: true, cancellationToken).ConfigureAwait(false);
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

        // Only a prefix older than every period goes whole; what expires sooner inside the chain becomes a tombstone.
        DateTimeOffset? prefixCutoff = null;
        if (policy.LongestPeriod is { } longest)
        {
            // Nothing an active legal hold covers is purged: the prefix stops before the first held record.
            var limited = await holds.LimitCutoffAsync(anchor - longest, cancellationToken).ConfigureAwait(false);

            // Nothing a registered consumer has not handled is purged, unless it is behind by more than its MaxLag.
            prefixCutoff = consumers is null ? limited : await consumers.LimitAsync(limited, now, cancellationToken).ConfigureAwait(false);
        }

        if (tombstoner is not null && store is IAuditTombstoneStore && policy.ShortestPeriod is { } shortest)
        {
            // Nothing a registered consumer has not handled is tombstoned (nor purged, below), unless it is behind by more
            // than its MaxLag; held records are skipped (IAuditRecordHoldCheck). The prefix this pass purges whole is left
            // whole too, so that an archive before the purge holds its records, not their tombstones.
            var limit = consumers is null ? anchor - shortest : await consumers.LimitAsync(anchor - shortest, now, cancellationToken).ConfigureAwait(false);

            // Signed before anything is tombstoned, so that a verifier given the checkpoints still expects these tombstones
            // after a period is lengthened. A failure to sign stops the pass before anything is emptied.
            var policyText = AuditRetentionPolicyText.Format(retention);
            if (checkpoints is not null)
            {
                await SignPolicyAsync(checkpoints, retention, policyText, cancellationToken).ConfigureAwait(false);
            }

            _resume.Begin(policyText, await AuditTombstoneResume.HoldsFingerprintAsync(holds, cancellationToken).ConfigureAwait(false));
            var tombstoned = await tombstoner.TombstoneAsync(policy, anchor, limit, retention.BatchSize, cancellationToken, prefixCutoff, _resume).ConfigureAwait(false);
            if (tombstoned > 0)
            {
                LogTombstoned(tombstoned);
            }
        }

        if (policy.LongestPeriod is not { } period || prefixCutoff is not { } cutoff)
        {
            return 0;
        }

        // Each committed batch is counted at once: a pass that stops part way (cancelled between batches, or an archive
        // sink that fails on a later segment) has still removed those rows, and they are recorded below before the
        // failure is thrown.
        // Signed before the first batch, so that a verification while the purge is under way (or after it was
        // interrupted) can tell the moving anchor from tampering. A failure to sign it stops the pass before anything goes.
        if (checkpoints is not null)
        {
            await checkpoints.PurgeIntentAsync(cutoff, cancellationToken).ConfigureAwait(false);
        }

        var purged = new AuditPurgeProgress();
        ExceptionDispatchInfo? interruption = null;
        try
        {
            if (archive?.Archiver is { } archiver)
            {
                await ArchiveAndPurgeAsync(archiver, cutoff, retention.BatchSize, purged, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PurgeAsync(cutoff, retention.BatchSize, purged, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (purged.RecordsPurged > 0)
        {
            interruption = ExceptionDispatchInfo.Capture(ex);
        }

        var total = checked((int)purged.RecordsPurged);
        if (total > 0)
        {
            // A hold placed while the pass ran moved the cutoff back: the record names the one the purge kept to.
            cutoff = purged.Cutoff ?? cutoff;
            LogPurged(total, cutoff);

            // The chain now starts after the purged prefix; a signed anchor lets the verifier tell this purge from tampering.
            // The rows are gone whatever happens next, so the purge is recorded even when the anchor fails (or the pass
            // is cancelled meanwhile), and the anchor's failure is thrown after it. A pass that was interrupted finishes
            // both regardless of its token, then throws what interrupted it.
            var finishing = interruption is null ? cancellationToken : CancellationToken.None;
            ExceptionDispatchInfo? anchorFailure = null;
            if (checkpoints is not null)
            {
                try
                {
                    await checkpoints.AnchorAsync(finishing).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    anchorFailure = ExceptionDispatchInfo.Capture(ex);
                }
            }

            var metadata = new Dictionary<string, string>
            {
                ["purged_count"] = total.ToString(CultureInfo.InvariantCulture),
                ["cutoff"] = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                ["retention_period"] = period.ToString("c", CultureInfo.InvariantCulture),
            };
            await AuditInterruptedPurge.AddAnchorAsync(store, metadata, finishing).ConfigureAwait(false);
            // Committed before the purge lock is released (in Buffered mode too): another purge would take rows whose
            // record is still queued for an interrupted purge's.
            await auditLogger.SubmitAsync(
                new AuditEvent
                {
                    Action = AuditActions.AuditPurged,
                    ActionType = AuditActionType.Delete,
                    Actor = AuditActor.System,
                    Resource = new AuditResource("audit_trail", null, "Audit trail"),
                    Description = string.Create(CultureInfo.InvariantCulture, $"Retention purged {total} audit record(s) older than {cutoff:yyyy-MM-dd HH:mm:ss} UTC"),
                    Metadata = metadata,
                },
                waitForCommit: true,
                anchorFailure is null ? finishing : CancellationToken.None).ConfigureAwait(false);
            interruption?.Throw();
            anchorFailure?.Throw();
        }

        return total;
    }

    private async Task PurgeAsync(DateTimeOffset cutoff, int batchSize, AuditPurgeProgress purged, CancellationToken cancellationToken)
    {
        for (var batch = 0; ; batch++)
        {
            if (batch > 0)
            {
                // A hold placed since the pass began (by another process, or over HTTP) keeps its records from the next
                // batch on: a pass over a large backlog runs for minutes, and must not go on deleting what it holds.
                cutoff = await holds.LimitCutoffAsync(cutoff, cancellationToken).ConfigureAwait(false);
            }

            var deleted = await store.PurgeAsync(cutoff, batchSize, cancellationToken).ConfigureAwait(false);
            purged.Add(deleted, cutoff);
            if (deleted < batchSize)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Archive before purge: each segment is purged only once the sink stored it. A sink that fails stops the pass
    /// (logged, counted, and the retention service retries at the next interval): what was not archived stays in the store.
    /// </summary>
    private async Task ArchiveAndPurgeAsync(AuditArchiver archiver, DateTimeOffset cutoff, int batchSize, AuditPurgeProgress purged, CancellationToken cancellationToken)
    {
        try
        {
            var result = await archiver.ArchiveAndPurgeAsync(cutoff, batchSize, purged, cancellationToken).ConfigureAwait(false);
            if (result.Segments.Count > 0)
            {
                LogArchived(result.RecordsArchived, result.Segments.Count, result.Segments[^1].LastSequence);
            }
        }
        catch (Exception ex) when (ReportArchiveFailure(ex))
        {
            throw;
        }
    }

    private bool ReportArchiveFailure(Exception exception)
    {
        if (exception is not OperationCanceledException)
        {
            metrics?.RetentionArchiveFailed();
            LogArchiveFailed(exception);
        }

        return false;
    }

    /// <summary>
    /// Signs the policy when it differs from the newest signed one. Signing the same policy again means another writer
    /// signed a different one since this instance's last pass: two instances sharing the store run different policies,
    /// each tombstoning under its own, which is warned about (a first signing is how a policy is changed).
    /// </summary>
    private async Task SignPolicyAsync(IAuditCheckpointWriter writer, AuditRetentionOptions retention, string text, CancellationToken cancellationToken)
    {
        var signed = await writer.RetentionPolicyAsync(retention, cancellationToken).ConfigureAwait(false);
        if (signed is not null && string.Equals(_policySigned, text, StringComparison.Ordinal))
        {
            LogPolicySignedAgain();
        }

        _policySigned = text;
    }

    [LoggerMessage(EventId = 29, Level = LogLevel.Warning, Message = "Audit retention signed its policy again: another instance signed a different retention policy since this instance's last pass. Instances sharing a store must run the same retention policy; until they do, each pass tombstones under its own and signs it anew.")]
    private partial void LogPolicySignedAgain();

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "Audit retention archived {Count} record(s) in {Segments} segment(s), through row {LastSequence}, before purging them.")]
    private partial void LogArchived(long count, int segments, long lastSequence);

    [LoggerMessage(EventId = 27, Level = LogLevel.Error, Message = "Audit retention could not archive records before purging them; the purge stopped and nothing unarchived was removed.")]
    private partial void LogArchiveFailed(Exception exception);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Audit retention tombstoned {Count} record(s) whose category's period ran out inside the chain.")]
    private partial void LogTombstoned(int count);

    [LoggerMessage(EventId = 28, Level = LogLevel.Information, Message = "Audit retention skipped this pass: another purge is running on the store (another instance's retention, or the audittrail command); the next pass runs at the next interval.")]
    private partial void LogAnotherPurgeRunning();

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Audit retention purged {Count} record(s) that occurred before {Cutoff:O}.")]
    private partial void LogPurged(int count, DateTimeOffset cutoff);
}
