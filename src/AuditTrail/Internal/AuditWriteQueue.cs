using System.Diagnostics;
using System.Threading.Channels;
using AuditTrail.Internal.Spool;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Internal;

/// <summary>
/// The write pipeline: a bounded channel drained by one writer loop that hands the sink batches of whatever is
/// waiting (group commit), so many concurrent durable callers share one transaction. A full channel makes callers
/// wait. A failed batch is retried with backoff and jitter while its failure may be transient, then each event's
/// <see cref="AuditFailurePolicy"/> applies: fail-closed callers get <see cref="AuditWriteException"/>, fail-open
/// events go to the durable spool. Spooled events are replayed before any newer batch, so the store receives events
/// in the order they were accepted. Nothing is ever dropped silently.
/// </summary>
internal sealed partial class AuditWriteQueue : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Below this much of <see cref="AuditTrailOptions.GroupCommitWait"/> left, the writer yields instead of setting a timer.</summary>
    private static readonly TimeSpan SpinWaitLimit = TimeSpan.FromMilliseconds(2);

    private readonly Channel<PendingWrite> _channel;
    private readonly IAuditSink _sink;
    private readonly AuditTrailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuditWriteQueue> _logger;
    private readonly IAuditFailureListener[] _listeners;
    private readonly AuditWriteErrorClassification _classification;
    private readonly AuditMetrics _metrics;
    private readonly AuditSpool? _spool;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _startLock = new();
    private readonly List<PendingWrite> _retained = [];
    private Task? _loop;
    private volatile bool _closed;
    private volatile Exception? _storeFailure;
    private volatile Exception? _spoolFailure;
    private int _retainedCount;
    private bool _retaining;
    private bool _replayFailing;
    private int _inFlightAtCommit;
    private long _heldBatches;
    private PendingWrite? _setAside;

    public AuditWriteQueue(
        IAuditSink sink,
        IOptions<AuditTrailOptions> options,
        TimeProvider timeProvider,
        ILogger<AuditWriteQueue> logger,
        IEnumerable<IAuditFailureListener> listeners,
        AuditWriteErrorClassification classification,
        AuditMetrics metrics)
    {
        _sink = sink;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _listeners = [.. listeners];
        _classification = classification;
        _metrics = metrics;
        _channel = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        if (_options.Spool.Directory is { } directory)
        {
            _spool = new AuditSpool(directory, _options.Spool.MaxSizeBytes, logger, Report);
        }

        metrics.ObserveDepths(() => Pending, () => Spooled);
    }

    /// <summary>How many events wait for the writer, including buffered events kept after the store and spool both failed.</summary>
    public int Pending => _channel.Reader.Count + Volatile.Read(ref _retainedCount);

    /// <summary>How many buffered events are held in memory because neither the store nor the spool took them.</summary>
    public int Retained => Volatile.Read(ref _retainedCount);

    /// <summary>How many events wait in the spool for the store.</summary>
    public long Spooled => _spool?.PendingEvents ?? 0;

    /// <summary>The spool's directory, or <see langword="null"/> when there is none.</summary>
    public string? SpoolDirectory => _spool?.Directory;

    /// <summary>How many batches the writer held open for callers released by the previous commit (<see cref="AuditTrailOptions.GroupCommitWait"/>).</summary>
    public long HeldBatches => Interlocked.Read(ref _heldBatches);

    /// <summary>The store's failure since its last successful write, if any.</summary>
    public Exception? StoreFailure => _storeFailure;

    /// <summary>The spool's failure since its last successful append, if any.</summary>
    public Exception? SpoolFailure => _spoolFailure;

    /// <summary>
    /// Queues a record. When <paramref name="waitForCommit"/> is set, completes only once it is committed, or
    /// spooled when <paramref name="policy"/> is fail-open, and throws <see cref="AuditWriteException"/> otherwise.
    /// </summary>
    public async Task EnqueueAsync(AuditRecord record, AuditFailurePolicy policy, bool waitForCommit, CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(AuditWriteQueue), "The audit pipeline has shut down; the event was not recorded.");
        }

        EnsureStarted();
        var completion = waitForCommit ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        try
        {
            await _channel.Writer.WriteAsync(new PendingWrite(record, policy, completion), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(AuditWriteQueue), "The audit pipeline has shut down; the event was not recorded.");
        }

        _metrics.Enqueued();
        if (completion is not null)
        {
            await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Queues the last record of a shutdown (the lifecycle "stopped" event), which no caller waits for. When the queue
    /// is still full as <paramref name="cancellationToken"/> (the host's shutdown timeout) fires, the record is set aside
    /// rather than lost, and the writer delivers or spools it after everything queued before it; it never throws for that.
    /// </summary>
    public async Task EnqueueLastAsync(AuditRecord record, AuditFailurePolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            await EnqueueAsync(record, policy, waitForCommit: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Read by the writer only once the channel completes, which CompleteAsync does after this returns.
            Volatile.Write(ref _setAside, new PendingWrite(record, policy, null));
            _metrics.Enqueued();
        }
    }

    /// <summary>Starts the writer, which first replays what an earlier run left in the spool.</summary>
    public void Start() => EnsureStarted();

    /// <summary>
    /// Stops accepting events and waits until every queued event is committed. When <paramref name="cancellationToken"/>
    /// fires first (the host's shutdown timeout), the writer stops writing to the store: fail-open events still queued
    /// are spooled, fail-closed callers get <see cref="AuditWriteException"/>, and anything that could not be kept is
    /// logged as a critical error with its ids.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _closed = true;
        _channel.Writer.TryComplete();
        Task? loop;
        lock (_startLock)
        {
            loop = _loop;
        }

        if (loop is null)
        {
            return;
        }

        try
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abandon.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        _abandon.Dispose();
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await RunWriterAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug, not a store failure (those are handled): stop accepting events rather than let callers hang.
            _closed = true;
            _channel.Writer.TryComplete();
            var stranded = new List<PendingWrite>(_retained);
            while (_channel.Reader.TryRead(out var pending))
            {
                stranded.Add(pending);
            }

            if (Interlocked.Exchange(ref _setAside, null) is { } last)
            {
                stranded.Add(last);
            }

            var ids = string.Join(", ", stranded.Select(p => p.Record.Id));
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
            // Nothing is written after the writer stops: release the lane, so that the next run can replay it.
            _spool?.Dispose();
        }
    }

    private async Task RunWriterAsync()
    {
        OpenSpool();
        await TryReplayAsync().ConfigureAwait(false);

        var reader = _channel.Reader;
        var batch = new List<PendingWrite>(_options.MaxBatchSize);
        while (true)
        {
            if (_retained.Count > 0)
            {
                await RetryRetainedAsync().ConfigureAwait(false);
                continue;
            }

            var wake = await WaitForWorkAsync(reader).ConfigureAwait(false);
            if (wake == Wake.Completed)
            {
                if (Interlocked.Exchange(ref _setAside, null) is { } last)
                {
                    await DeliverOrKeepAsync([last]).ConfigureAwait(false);
                }

                break;
            }

            if (wake == Wake.ReplayDue)
            {
                await TryReplayAsync().ConfigureAwait(false);
                continue;
            }

            // Once shutdown has run out of time, everything left goes to the spool in one synced append.
            var limit = _abandon.IsCancellationRequested ? int.MaxValue : _options.MaxBatchSize;
            batch.Clear();
            while (batch.Count < limit && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            if (_abandon.IsCancellationRequested)
            {
                KeepAtShutdown(batch);
                continue;
            }

            var expected = Math.Min(_inFlightAtCommit, limit);
            if (expected > batch.Count && _options.GroupCommitWait > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _heldBatches);
                await AwaitReleasedCallersAsync(reader, batch, expected).ConfigureAwait(false);
            }

            _inFlightAtCommit = 0;
            await DeliverAsync(batch).ConfigureAwait(false);
        }

        // A last chance for the spool while the store may be back, unless shutdown ran out of time.
        await TryReplayAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a batch, or spools it when shutdown has run out of time.</summary>
    private async Task DeliverOrKeepAsync(List<PendingWrite> batch)
    {
        if (_abandon.IsCancellationRequested)
        {
            KeepAtShutdown(batch);
        }
        else
        {
            await DeliverAsync(batch).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Group commit across commits: callers released by the previous commit log again on other threads, just after
    /// this batch was taken. Waits, at most <see cref="AuditTrailOptions.GroupCommitWait"/>, until the batch holds
    /// <paramref name="target"/> events, so they share this transaction instead of forming the next, half-size one.
    /// The deadline is wall time on purpose: it bounds a latency, and a test's fake clock must not stall the writer.
    /// </summary>
    private async Task AwaitReleasedCallersAsync(ChannelReader<PendingWrite> reader, List<PendingWrite> batch, int target)
    {
        var started = Stopwatch.GetTimestamp();
        while (batch.Count < target)
        {
            if (reader.TryRead(out var pending))
            {
                batch.Add(pending);
                continue;
            }

            var left = _options.GroupCommitWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero || _closed)
            {
                return;
            }

            if (left < SpinWaitLimit)
            {
                // Lets the released callers' continuations run; a timer cannot wake the writer within a millisecond.
                await Task.Yield();
                continue;
            }

            using var timeout = new CancellationTokenSource(left);
            try
            {
                await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Waits for events; while the spool holds events, wakes every replay interval to try the store again.</summary>
    private async Task<Wake> WaitForWorkAsync(ChannelReader<PendingWrite> reader)
    {
        if (Spooled == 0 || _abandon.IsCancellationRequested)
        {
            return await reader.WaitToReadAsync().ConfigureAwait(false) ? Wake.Work : Wake.Completed;
        }

        using var interval = new CancellationTokenSource(_options.Spool.ReplayInterval, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(interval.Token, _abandon.Token);
        try
        {
            return await reader.WaitToReadAsync(linked.Token).ConfigureAwait(false) ? Wake.Work : Wake.Completed;
        }
        catch (OperationCanceledException) when (interval.IsCancellationRequested && !_abandon.IsCancellationRequested)
        {
            return Wake.ReplayDue;
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            return Wake.Work;
        }
    }

    /// <summary>Writes a batch after the spool's backlog; retries transient failures; then applies each event's policy.</summary>
    private async Task DeliverAsync(List<PendingWrite> batch)
    {
        var records = batch.ConvertAll(p => p.Record);
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                await ReplayAsync().ConfigureAwait(false);
                await _sink.WriteAsync(records, _abandon.Token).ConfigureAwait(false);
                _storeFailure = null;
                _metrics.Committed(batch.Count);
                // Counted before the callers resume: those it releases, and the events already queued behind them.
                var released = batch.Count(p => p.Completion is not null);
                _inFlightAtCommit = released > 0 ? released + _channel.Reader.Count : 0;
                foreach (var pending in batch)
                {
                    pending.Completion?.TrySetResult();
                }

                return;
            }
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                _storeFailure = ex;
                var kind = _classification.Classify(ex);
                if (kind == AuditWriteErrorKind.Persistent || attempt >= _options.MaxWriteAttempts)
                {
                    ApplyPolicy(batch, ex, attempt, kind);
                    return;
                }

                _metrics.Retried();
                LogRetry(ex, records.Count, attempt);
                Report(new AuditFailure
                {
                    Kind = AuditFailureKind.Temporary,
                    Source = AuditFailureSource.Store,
                    Outcome = AuditFailureOutcome.Retrying,
                    Message = $"Writing {records.Count} audit event(s) failed on attempt {attempt} of {_options.MaxWriteAttempts}; retrying: {ex.Message}",
                    EventIds = Ids(batch),
                    Attempt = attempt,
                    Exception = ex,
                });
            }
            catch (Exception) when (_abandon.IsCancellationRequested)
            {
                KeepAtShutdown(batch);
                return;
            }

            if (!await DelayAsync(RetryDelay(attempt)).ConfigureAwait(false))
            {
                KeepAtShutdown(batch);
                return;
            }
        }
    }

    /// <summary>The store gave up on the batch: fail-closed callers get the failure, fail-open events go to the spool.</summary>
    private void ApplyPolicy(List<PendingWrite> batch, Exception cause, int attempts, AuditWriteErrorKind kind)
    {
        var why = kind == AuditWriteErrorKind.Persistent
            ? $"the store failed with an error that retrying cannot fix: {cause.Message}"
            : $"the store failed after {attempts} attempt(s): {cause.Message}";

        var failClosed = batch.FindAll(p => p.Policy == AuditFailurePolicy.FailClosed && p.Completion is not null);
        if (failClosed.Count > 0)
        {
            Reject(failClosed, AuditFailureSource.Store, $"The audit event was not recorded: {why}", cause);
        }

        var failOpen = batch.FindAll(p => p.Policy == AuditFailurePolicy.FailOpen || p.Completion is null);
        if (failOpen.Count == 0)
        {
            return;
        }

        if (TrySpool(failOpen, out var spoolProblem))
        {
            LogSpooled(cause, failOpen.Count, _spool!.Directory);
            Report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Store,
                Outcome = AuditFailureOutcome.Spooled,
                Message = $"{failOpen.Count} fail-open audit event(s) were spooled to '{_spool.Directory}' because {why}. They are replayed when the store recovers.",
                EventIds = Ids(failOpen),
                Attempt = attempts,
                Exception = cause,
            });
            CompleteSpooled(failOpen);
            return;
        }

        var source = _spool is null ? AuditFailureSource.Store : AuditFailureSource.Spool;
        var waiting = failOpen.FindAll(p => p.Completion is not null);
        if (waiting.Count > 0)
        {
            Reject(waiting, source, $"The audit event was not recorded: {why}; and {spoolProblem}", cause);
        }

        var buffered = failOpen.FindAll(p => p.Completion is null);
        if (buffered.Count > 0)
        {
            Retain(buffered, source, $"{why}; and {spoolProblem}", cause);
        }
    }

    private void Reject(List<PendingWrite> writes, AuditFailureSource source, string message, Exception cause)
    {
        LogRejected(cause, writes.Count, message);
        _metrics.Failed(writes.Count);
        var failure = new AuditWriteException(message, cause);

        // Listeners hear of it before the callers resume, so a caller's failure is never news to the host.
        Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = source,
            Outcome = AuditFailureOutcome.Rejected,
            Message = $"{writes.Count} audit event(s) were rejected to their callers. {message}",
            EventIds = Ids(writes),
            Exception = cause,
        });
        foreach (var pending in writes)
        {
            pending.Completion!.TrySetException(failure);
        }
    }

    /// <summary>Buffered events that neither the store nor the spool took: the writer keeps them and retries, and new callers wait.</summary>
    private void Retain(List<PendingWrite> writes, AuditFailureSource source, string why, Exception cause)
    {
        _retained.AddRange(writes);
        Volatile.Write(ref _retainedCount, _retained.Count);
        if (_retaining)
        {
            // Reported when it began; each later round would only repeat it.
            return;
        }

        _retaining = true;
        LogRetained(cause, _retained.Count, why);
        Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = source,
            Outcome = AuditFailureOutcome.Retained,
            Message = $"{_retained.Count} buffered audit event(s) are kept in memory and retried, and new events wait: {why}",
            EventIds = Ids(_retained),
            Exception = cause,
        });
    }

    private async Task RetryRetainedAsync()
    {
        var retained = _retained.ToList();
        _retained.Clear();
        Volatile.Write(ref _retainedCount, 0);
        if (_abandon.IsCancellationRequested || !await DelayAsync(RetryDelay(_options.MaxWriteAttempts)).ConfigureAwait(false))
        {
            KeepAtShutdown(retained);
            return;
        }

        await DeliverAsync(retained).ConfigureAwait(false);
        if (_retained.Count == 0)
        {
            _retaining = false;
            LogRetainedDelivered(retained.Count);
        }
    }

    /// <summary>Shutdown ran out of time: spool what is fail-open, fail the waiting fail-closed callers, log what is left.</summary>
    private void KeepAtShutdown(List<PendingWrite> batch)
    {
        var failClosed = batch.FindAll(p => p.Policy == AuditFailurePolicy.FailClosed && p.Completion is not null);
        if (failClosed.Count > 0)
        {
            Reject(failClosed, AuditFailureSource.Store, "The audit pipeline shut down before the event could be committed.", new OperationCanceledException("The host's shutdown timeout passed."));
        }

        var failOpen = batch.FindAll(p => p.Policy == AuditFailurePolicy.FailOpen || p.Completion is null);
        if (failOpen.Count == 0)
        {
            return;
        }

        if (TrySpool(failOpen, out var spoolProblem))
        {
            LogSpooledAtShutdown(failOpen.Count, _spool!.Directory);
            CompleteSpooled(failOpen);
            return;
        }

        var waiting = failOpen.FindAll(p => p.Completion is not null);
        if (waiting.Count > 0)
        {
            Reject(waiting, AuditFailureSource.Spool, $"The audit pipeline shut down before the event could be committed, and {spoolProblem}", new OperationCanceledException("The host's shutdown timeout passed."));
        }

        var buffered = failOpen.FindAll(p => p.Completion is null);
        if (buffered.Count == 0)
        {
            return;
        }

        _metrics.Failed(buffered.Count);
        var ids = string.Join(", ", buffered.Select(p => p.Record.Id));
        LogAbandoned(buffered.Count, spoolProblem, ids);
        Report(new AuditFailure
        {
            Kind = AuditFailureKind.Permanent,
            Source = _spool is null ? AuditFailureSource.Store : AuditFailureSource.Spool,
            Outcome = AuditFailureOutcome.NotRecorded,
            Message = $"The audit pipeline shut down with {buffered.Count} buffered event(s) neither committed nor spooled: {spoolProblem}",
            EventIds = Ids(buffered),
        });
    }

    private bool TrySpool(List<PendingWrite> writes, out string problem)
    {
        if (_spool is null)
        {
            problem = "no spool is configured (AuditTrailOptions.Spool.Directory)";
            return false;
        }

        try
        {
            _spool.Append(writes.ConvertAll(p => p.Record));
        }
        catch (Exception ex)
        {
            // Whatever the reason (full disk, permissions, size limit), the events are not kept; the caller decides what follows.
            _spoolFailure = ex;
            problem = $"the spool '{_spool.Directory}' cannot be written: {ex.Message}";
            LogSpoolFailed(ex, _spool.Directory);
            return false;
        }

        _spoolFailure = null;
        _metrics.Spooled(writes.Count);
        problem = string.Empty;
        return true;
    }

    /// <summary>Spooled events are kept: their callers, if waiting, may go on (after any failure report about them).</summary>
    private static void CompleteSpooled(List<PendingWrite> writes)
    {
        foreach (var pending in writes)
        {
            pending.Completion?.TrySetResult();
        }
    }

    private void OpenSpool()
    {
        if (_spool is null)
        {
            return;
        }

        try
        {
            _spool.Open();
        }
        catch (Exception ex)
        {
            // Not fatal: the store may never fail. Appends retry the open, and the health check says Unhealthy meanwhile.
            _spoolFailure = ex;
            LogSpoolFailed(ex, _spool.Directory);
            Report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Spool,
                Outcome = AuditFailureOutcome.ReplayPending,
                Message = $"The audit spool '{_spool.Directory}' cannot be opened: {ex.Message}",
                Exception = ex,
            });
        }
    }

    /// <summary>Replays the spool into the store; throws when the store fails, leaving the rest for the next try.</summary>
    private async Task ReplayAsync()
    {
        if (_spool is null || Spooled == 0)
        {
            return;
        }

        var total = 0;
        try
        {
            await _spool.ReplayAsync(WriteReplayedAsync, _options.MaxBatchSize, _abandon.Token).ConfigureAwait(false);
            _replayFailing = false;
        }
        finally
        {
            if (total > 0)
            {
                LogReplayed(total, _spool.Directory);
            }
        }

        async Task WriteReplayedAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            await _sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);
            _storeFailure = null;
            _metrics.Replayed(records.Count);
            total += records.Count;
        }
    }

    /// <summary>One replay attempt outside a batch (at start, on the replay interval, at the end); a failure waits for the next.</summary>
    private async Task TryReplayAsync()
    {
        if (_spool is null || Spooled == 0 || _abandon.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await ReplayAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (!_abandon.IsCancellationRequested)
        {
            _storeFailure = ex;
            if (_replayFailing)
            {
                // Reported when the series began; the health check and the spool depth show it meanwhile.
                return;
            }

            _replayFailing = true;
            LogReplayFailed(ex, Spooled);
            Report(new AuditFailure
            {
                Kind = AuditFailureKind.Temporary,
                Source = AuditFailureSource.Store,
                Outcome = AuditFailureOutcome.ReplayPending,
                Message = $"Replaying {Spooled} spooled audit event(s) failed; they stay in the spool and are tried again: {ex.Message}",
                Exception = ex,
            });
        }
        catch (Exception) when (_abandon.IsCancellationRequested)
        {
            // Shutdown ran out of time; the spool keeps the events for the next start.
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, _abandon.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var baseDelay = _options.WriteRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var jittered = baseDelay * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxRetryDelay.TotalMilliseconds));
    }

    private void Report(AuditFailure failure)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnFailure(failure);
            }
            catch (Exception ex)
            {
                LogListenerFailed(ex, listener.GetType().FullName ?? listener.GetType().Name);
            }
        }
    }

    private static Guid[] Ids(List<PendingWrite> writes) => [.. writes.Select(p => p.Record.Id)];

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Writing a batch of {Count} audit event(s) failed on attempt {Attempt}; retrying.")]
    private partial void LogRetry(Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Count} audit event(s) were rejected to their callers: {Reason}")]
    private partial void LogRejected(Exception exception, int count, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Count} buffered audit event(s) could be neither committed nor spooled ({Reason}); they are kept in memory and retried, and new events wait.")]
    private partial void LogRetained(Exception exception, int count, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The audit pipeline shut down with {Count} buffered event(s) neither committed nor spooled ({Reason}): {Ids}.")]
    private partial void LogAbandoned(int count, string reason, string ids);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The audit store failed; {Count} fail-open event(s) were spooled to '{Directory}' and will be replayed when it recovers.")]
    private partial void LogSpooled(Exception exception, int count, string directory);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The host's shutdown timeout passed; {Count} audit event(s) not yet committed were spooled to '{Directory}' and will be replayed at the next start.")]
    private partial void LogSpooledAtShutdown(int count, string directory);

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "The audit spool '{Directory}' cannot be written; fail-open events cannot be kept while the store fails.")]
    private partial void LogSpoolFailed(Exception exception, string directory);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Replayed {Count} spooled audit event(s) from '{Directory}' into the store.")]
    private partial void LogReplayed(int count, string directory);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Replaying the audit spool failed; {Count} event(s) stay in the spool and are tried again every replay interval (further failures are not logged until one succeeds).")]
    private partial void LogReplayFailed(Exception exception, long count);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Count} buffered audit event(s) kept after a failure have now been delivered.")]
    private partial void LogRetainedDelivered(int count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The audit failure listener {Listener} threw; delivery is not affected.")]
    private partial void LogListenerFailed(Exception exception, string listener);

    [LoggerMessage(EventId = 13, Level = LogLevel.Critical, Message = "The audit writer stopped unexpectedly; the pipeline accepts no more events, and {Count} queued event(s) were not recorded: {Ids}.")]
    private partial void LogWriterFailed(Exception exception, int count, string ids);

    private enum Wake
    {
        Work,
        ReplayDue,
        Completed,
    }

    private sealed record PendingWrite(AuditRecord Record, AuditFailurePolicy Policy, TaskCompletionSource? Completion);
}
