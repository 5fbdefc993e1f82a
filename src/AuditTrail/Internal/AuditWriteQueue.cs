using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Internal;

/// <summary>
/// The write pipeline: a bounded channel drained by one writer loop that hands the sink batches of
/// whatever is waiting (group commit), so many concurrent durable callers share one transaction.
/// A full channel makes callers wait; nothing is ever dropped silently.
/// </summary>
internal sealed partial class AuditWriteQueue : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<PendingWrite> _channel;
    private readonly IAuditSink _sink;
    private readonly AuditTrailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AuditWriteQueue> _logger;
    private readonly CancellationTokenSource _abandon = new();
    private readonly Lock _startLock = new();
    private Task? _loop;
    private volatile bool _closed;

    public AuditWriteQueue(IAuditSink sink, IOptions<AuditTrailOptions> options, TimeProvider timeProvider, ILogger<AuditWriteQueue> logger)
    {
        _sink = sink;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _channel = Channel.CreateBounded<PendingWrite>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>How many events wait for the writer.</summary>
    public int Pending => _channel.Reader.Count;

    /// <summary>Queues a record; when <paramref name="waitForCommit"/> is set, completes only once it is committed.</summary>
    public async Task EnqueueAsync(AuditRecord record, bool waitForCommit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        EnsureStarted();
        var completion = waitForCommit ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        try
        {
            await _channel.Writer.WriteAsync(new PendingWrite(record, completion), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(AuditWriteQueue), "The audit pipeline has shut down; the event was not recorded.");
        }

        if (completion is not null)
        {
            await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops accepting events and waits until every queued event is committed. When
    /// <paramref name="cancellationToken"/> fires first (the host's shutdown timeout), the writer stops
    /// retrying, and what was not committed is reported as an error with its ids.
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
        var reader = _channel.Reader;
        var batch = new List<PendingWrite>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            if (_abandon.IsCancellationRequested)
            {
                Abandon(batch);
                continue;
            }

            await WriteBatchAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var records = batch.ConvertAll(p => p.Record);
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                await _sink.WriteAsync(records, _abandon.Token).ConfigureAwait(false);
                foreach (var pending in batch)
                {
                    pending.Completion?.TrySetResult();
                }

                return;
            }
            catch (Exception ex) when (!_abandon.IsCancellationRequested)
            {
                if (attempt < _options.MaxWriteAttempts)
                {
                    LogRetry(ex, records.Count, attempt);
                }
                else
                {
                    // Durable callers learn of the failure now; buffered events have nobody to tell,
                    // so the writer keeps them and retries (the queue fills and callers wait) rather than drop them.
                    FailDurableCallers(batch, ex);
                    batch.RemoveAll(p => p.Completion is not null);
                    records = batch.ConvertAll(p => p.Record);
                    if (batch.Count == 0)
                    {
                        return;
                    }

                    LogBufferedStillFailing(ex, records.Count, attempt);
                }
            }
            catch (Exception) when (_abandon.IsCancellationRequested)
            {
                Abandon(batch);
                return;
            }

            try
            {
                await Task.Delay(RetryDelay(attempt), _timeProvider, _abandon.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Abandon(batch);
                return;
            }
        }
    }

    private TimeSpan RetryDelay(int attempt)
    {
        var baseDelay = _options.WriteRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
        var jittered = baseDelay * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, MaxRetryDelay.TotalMilliseconds));
    }

    private void FailDurableCallers(List<PendingWrite> batch, Exception cause)
    {
        var durable = batch.Count(p => p.Completion is not null);
        if (durable == 0)
        {
            return;
        }

        LogDurableFailed(cause, durable);
        var failure = new AuditWriteException(
            $"The audit store could not commit the event after {_options.MaxWriteAttempts} attempt(s): {cause.Message}", cause);
        foreach (var pending in batch)
        {
            pending.Completion?.TrySetException(failure);
        }
    }

    private void Abandon(List<PendingWrite> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        if (_logger.IsEnabled(LogLevel.Critical))
        {
            var ids = string.Join(", ", batch.Select(p => p.Record.Id));
            LogAbandoned(batch.Count, ids);
        }

        var failure = new AuditWriteException("The audit pipeline shut down before the event could be committed.");
        foreach (var pending in batch)
        {
            pending.Completion?.TrySetException(failure);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Writing a batch of {Count} audit event(s) failed on attempt {Attempt}; retrying.")]
    private partial void LogRetry(Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Writing audit events failed; {Count} durable caller(s) were given the failure.")]
    private partial void LogDurableFailed(Exception exception, int count);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Count} buffered audit event(s) still cannot be written after {Attempt} attempts; they are kept and retried, and new events wait.")]
    private partial void LogBufferedStillFailing(Exception exception, int count, int attempt);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "The audit pipeline shut down with {Count} event(s) not committed: {Ids}.")]
    private partial void LogAbandoned(int count, string ids);

    private readonly record struct PendingWrite(AuditRecord Record, TaskCompletionSource? Completion);
}
