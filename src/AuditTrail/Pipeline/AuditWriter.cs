using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// The single writer loop: replays the spool, then takes batches from the <see cref="AuditBatcher"/> and commits them
/// through the <see cref="AuditBatchCommitter"/>, retrying retained events before new ones; once the channel is
/// closed and drained, it delivers the set-aside last event and replays the spool one last time. With an
/// <see cref="IAuditOrderedSink"/> (<see cref="AuditTrailOptions.PipelineWrites"/>), while a full batch's commit runs
/// and more events wait, it sends the next batch behind it (<see cref="AuditBatchCommitter.TryWriteAfterAsync"/>) before it
/// finishes the first: at most two batches in flight, finished in order; one that was not written is sent again the
/// ordinary way once the one ahead of it is finished, behind any retained events. A bug in the loop stops the pipeline
/// and fails every stranded caller rather than let them hang.
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
    private readonly IAuditOrderedSink? _ordered;
    private readonly ILogger _logger;

    /// <summary>The batches sent and not yet finished, oldest first (at most two); the loop's alone.</summary>
    private readonly List<InFlight> _inFlight = [];

    /// <summary>Set when the pipeline is disposed without a host: no shutdown timeout will ever bound the drain.</summary>
    private volatile bool _drainWithoutDeadline;

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
        IAuditOrderedSink? ordered,
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
        _ordered = ordered;
        _logger = logger;
    }

    /// <summary>
    /// Called before the channel is closed by a disposal without a host. Retained events (neither the store nor the spool
    /// took them) are then tried once more after the channel closes and, failing again, given up like those a host's
    /// shutdown timeout leaves (<see cref="AuditFailureHandler.KeepAtShutdownAsync"/>: logged as critical with their ids,
    /// counted and reported), so that a store that stays down cannot hold the disposal forever.
    /// </summary>
    public void DrainWithoutDeadline() => _drainWithoutDeadline = true;

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
            var stranded = _inFlight.SelectMany(sent => sent.Batch).ToList();
            stranded.AddRange(_retained.TakeAll());
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
            if (_inFlight.Count > 0)
            {
                await SendNextOrFinishAsync(shutdown).ConfigureAwait(false);
                continue;
            }

            if (_retained.Any)
            {
                await RetryRetainedAsync(shutdown).ConfigureAwait(false);
                continue;
            }

            await _spool.LookForLeftBehindAsync().ConfigureAwait(false);
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
            if (batch.Count == 0)
            {
                continue;
            }

            if (_ordered is not null && batch.Count >= _maxBatchSize && !shutdown.IsCancellationRequested)
            {
                // A full batch, committed while the loop takes the next one; finished (its callers released) by the loop.
                _inFlight.Add(new InFlight(batch, _committer.TryCommitAsync(batch, shutdown), SentAhead: false));
                batch = new List<PendingWrite>(_maxBatchSize);
            }
            else
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

    /// <summary>
    /// With a batch in flight: when it is the only one and full, more events queue before it finishes (and the spool is empty, no
    /// events are retained and shutdown has not run out of time), sends the next batch behind it; then finishes the
    /// oldest batch in flight. Nothing is sent behind a batch that was sent behind one the store did not write: it was
    /// most likely not written either, and a batch behind it would not be, and so on.
    /// </summary>
    private async Task SendNextOrFinishAsync(CancellationToken shutdown)
    {
        var newest = _inFlight[^1];
        if (_inFlight.Count == 1 && MaySendBehind(newest, shutdown)
            && await _batcher.WaitForEventsAsync(newest.Commit).ConfigureAwait(false) && MaySendBehind(newest, shutdown))
        {
            var next = new List<PendingWrite>(_maxBatchSize);
            await _batcher.TakeBatchAsync(next, all: false).ConfigureAwait(false);
            if (next.Count > 0)
            {
                _inFlight.Add(new InFlight(next, _committer.TryWriteAfterAsync(_ordered!, next, newest.Batch, shutdown), SentAhead: true));
            }
        }

        await FinishOldestAsync(shutdown).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a batch may be sent behind <paramref name="newest"/>: only a full one (events queue faster than one batch
    /// at a time commits them; below that, group commit serves durable callers better: runs 87 and 88), and not one known,
    /// or likely, not to be written.
    /// </summary>
    private bool MaySendBehind(InFlight newest, CancellationToken shutdown) =>
        newest.Batch.Count >= _maxBatchSize && !newest.BehindUnwritten && !(newest.Commit.IsCompletedSuccessfully && !newest.Commit.Result)
        && _spool.Pending == 0 && _retained.Count == 0 && !shutdown.IsCancellationRequested;

    /// <summary>
    /// Releases the callers of the oldest batch in flight once it is committed. An ordinary batch that was not committed
    /// had its policies applied already. One sent ahead that the store did not write is sent again the ordinary way, in
    /// its place (behind any retained events, as it would have been had it waited its turn), and stays in flight.
    /// </summary>
    private async Task FinishOldestAsync(CancellationToken shutdown)
    {
        var oldest = _inFlight[0];
        if (await oldest.Commit.ConfigureAwait(false))
        {
            _batcher.Committed(oldest.Batch);
            PendingWrite.CompleteAll(oldest.Batch);
            _inFlight.RemoveAt(0);
            return;
        }

        if (_inFlight.Count > 1)
        {
            _inFlight[1] = _inFlight[1] with { BehindUnwritten = true };
        }

        if (!oldest.SentAhead)
        {
            _inFlight.RemoveAt(0);
            return;
        }

        while (_retained.Any)
        {
            await RetryRetainedAsync(shutdown).ConfigureAwait(false);
        }

        if (shutdown.IsCancellationRequested)
        {
            await _failures.KeepAtShutdownAsync(oldest.Batch).ConfigureAwait(false);
            _inFlight.RemoveAt(0);
            return;
        }

        _inFlight[0] = new InFlight(oldest.Batch, _committer.TryCommitAsync(oldest.Batch, shutdown), SentAhead: false);
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
        if (_drainWithoutDeadline && _batcher.IsClosed && _retained.Any)
        {
            await _failures.KeepAtShutdownAsync(_retained.TakeAll()).ConfigureAwait(false);
        }
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

    /// <summary>
    /// A batch sent to the store: committed the ordinary way, or sent ahead behind the batch before it;
    /// <paramref name="BehindUnwritten"/> once that batch is known not to have been written by its own send.
    /// </summary>
    private sealed record InFlight(List<PendingWrite> Batch, Task<bool> Commit, bool SentAhead, bool BehindUnwritten = false);

    [LoggerMessage(EventId = 13, Level = LogLevel.Critical, Message = "The audit writer stopped unexpectedly; the pipeline accepts no more events, and {Count} queued event(s) were not recorded: {Ids}.")]
    private partial void LogWriterFailed(Exception exception, int count, string ids);
}
