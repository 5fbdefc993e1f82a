using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// The single writer loop: replays the spool, then takes batches from the <see cref="AuditBatcher"/> and commits them
/// through the <see cref="AuditBatchCommitter"/>, retrying retained events before new ones; once the channel is
/// closed and drained, it delivers the set-aside last event and replays the spool one last time. A bug in the loop
/// stops the pipeline and fails every stranded caller rather than let them hang.
/// </summary>
internal sealed partial class AuditWriter
{
    private readonly AuditBatcher _batcher;
    private readonly AuditBatchCommitter _committer;
    private readonly AuditSpoolKeeper _spool;
    private readonly AuditFailureHandler _failures;
    private readonly AuditRetainedWrites _retained;
    private readonly AuditWriteRetry _retry;
    private readonly AuditMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;

    public AuditWriter(
        AuditBatcher batcher,
        AuditBatchCommitter committer,
        AuditSpoolKeeper spool,
        AuditFailureHandler failures,
        AuditRetainedWrites retained,
        AuditWriteRetry retry,
        AuditMetrics metrics,
        TimeProvider timeProvider,
        int maxBatchSize,
        ILogger logger)
    {
        _batcher = batcher;
        _committer = committer;
        _spool = spool;
        _failures = failures;
        _retained = retained;
        _retry = retry;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _maxBatchSize = maxBatchSize;
        _logger = logger;
    }

    /// <summary>Runs until the channel is closed and drained; <paramref name="shutdown"/> fires when the host's shutdown timeout passes.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        try
        {
            await WriteAsync(shutdown).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not a store failure (those are handled): stop accepting events rather than let callers hang.
            _batcher.Close();
            var stranded = _retained.TakeAll();
            stranded.AddRange(_batcher.Drain());
            if (_batcher.TakeSetAside() is { } last)
            {
                stranded.Add(last);
            }

            var ids = PendingWrite.IdList(stranded);
            LogWriterFailed(ex, stranded.Count, ids);
            _metrics.Failed(stranded.Count);
            var failure = new AuditWriteException("The audit writer stopped unexpectedly; the event was not recorded.", ex);
            foreach (var pending in stranded)
            {
                pending.Completion?.TrySetException(failure);
            }
        }
        finally
        {
            _spool.Dispose();
        }
    }

    private async Task WriteAsync(CancellationToken shutdown)
    {
        await _spool.OpenAsync().ConfigureAwait(false);
        await _spool.TryReplayAsync(shutdown).ConfigureAwait(false);

        var batch = new List<PendingWrite>(_maxBatchSize);
        while (true)
        {
            if (_retained.Any)
            {
                await RetryRetainedAsync(shutdown).ConfigureAwait(false);
                continue;
            }

            var wake = await _batcher.WaitForWorkAsync(_spool.Pending > 0, shutdown).ConfigureAwait(false);
            if (wake == AuditBatcher.Wake.Completed)
            {
                if (_batcher.TakeSetAside() is { } last)
                {
                    await DeliverOrKeepAsync([last], shutdown).ConfigureAwait(false);
                }

                break;
            }

            if (wake == AuditBatcher.Wake.ReplayDue)
            {
                await _spool.TryReplayAsync(shutdown).ConfigureAwait(false);
                continue;
            }

            await _batcher.TakeBatchAsync(batch, all: shutdown.IsCancellationRequested).ConfigureAwait(false);
            if (batch.Count > 0)
            {
                await DeliverOrKeepAsync(batch, shutdown).ConfigureAwait(false);
            }
        }

        // A last chance for the spool while the store may be back, unless shutdown ran out of time.
        await _spool.TryReplayAsync(shutdown).ConfigureAwait(false);
    }

    /// <summary>Writes a batch and releases its callers, or spools it when shutdown has run out of time.</summary>
    private async Task DeliverOrKeepAsync(List<PendingWrite> batch, CancellationToken shutdown)
    {
        if (shutdown.IsCancellationRequested)
        {
            await _failures.KeepAtShutdownAsync(batch).ConfigureAwait(false);
        }
        else if (await _committer.TryCommitAsync(batch, shutdown).ConfigureAwait(false))
        {
            // Counted before the callers resume: those it releases, and the events already queued behind them.
            _batcher.Committed(batch);
            PendingWrite.CompleteAll(batch);
        }
    }

    private async Task RetryRetainedAsync(CancellationToken shutdown)
    {
        var retained = _retained.TakeAll();
        if (shutdown.IsCancellationRequested || !await DelayAsync(_retry.RetainedRetryDelay, shutdown).ConfigureAwait(false))
        {
            await _failures.KeepAtShutdownAsync(retained).ConfigureAwait(false);
            return;
        }

        await DeliverOrKeepAsync(retained, shutdown).ConfigureAwait(false);
        _retained.Tried(retained.Count);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken shutdown)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, shutdown).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 13, Level = LogLevel.Critical, Message = "The audit writer stopped unexpectedly; the pipeline accepts no more events, and {Count} queued event(s) were not recorded: {Ids}.")]
    private partial void LogWriterFailed(Exception exception, int count, string ids);
}
