using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// The pipeline's side of the <see cref="IAuditSpool"/>: sets fail-open events aside, and replays the spool into the
/// store before anything newer, so the store receives events in the order they were accepted. Reports what fails.
/// Used by the single writer only; <see cref="Pending"/> and <see cref="Failure"/> are read from any thread.
/// </summary>
internal sealed partial class AuditSpoolKeeper : IDisposable
{
    private readonly IAuditSpool? _spool;
    private readonly IAuditSink _sink;
    private readonly int _batchSize;
    private readonly AuditStoreHealth _store;
    private readonly AuditFailureReporter _reporter;
    private readonly AuditMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lookInterval;
    private long _lookedAt;
    private volatile Exception? _failure;
    private bool _openFailed;
    private bool _replayFailing;

    public AuditSpoolKeeper(IAuditSpool? spool, IAuditSink sink, int batchSize, TimeSpan replayInterval, TimeProvider timeProvider, AuditStoreHealth store, AuditFailureReporter reporter, AuditMetrics metrics, ILogger logger)
    {
        _lookInterval = replayInterval;
        _timeProvider = timeProvider;
        _lookedAt = timeProvider.GetTimestamp();
        _spool = spool;
        _sink = sink;
        _batchSize = batchSize;
        _store = store;
        _reporter = reporter;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Where the spool keeps events, or <see langword="null"/> when there is no spool.</summary>
    public string? Location => _spool?.Location;

    /// <summary>How many events wait in the spool for the store.</summary>
    public long Pending => _spool?.PendingEvents ?? 0;

    /// <summary>
    /// The spool's failure since its last successful append, if any; a failed append counts until the store takes events
    /// again with nothing left in the spool (<see cref="StoreTookEvents"/>), a failed open until an append succeeds.
    /// </summary>
    public Exception? Failure => _failure;

    /// <summary>
    /// The store committed events: a failed append no longer matters once no event waits for the spool, since every
    /// event it could not keep was already rejected to its caller. A spool that could not even be opened stays failed.
    /// </summary>
    public void StoreTookEvents()
    {
        if (_failure is not null && !_openFailed && Pending == 0)
        {
            _failure = null;
        }
    }

    /// <summary>Opens the spool; a failure is not fatal (the store may never fail): appends retry the open, and the health check says Unhealthy meanwhile.</summary>
    public async Task OpenAsync()
    {
        if (_spool is null)
        {
            return;
        }

        try
        {
            await _spool.OpenAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _failure = ex;
            _openFailed = true;
            LogSpoolFailed(ex, _spool.Location);
            _reporter.Report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Spool,
                Outcome = AuditFailureOutcome.ReplayPending,
                Message = $"The audit spool '{_spool.Location}' cannot be opened: {ex.Message}",
                Exception = ex,
            });
        }
    }

    /// <summary>Sets the events aside durably; returns <see langword="null"/> once they are kept, else why they are not.</summary>
    public async Task<string?> TryAppendAsync(List<PendingWrite> writes)
    {
        if (_spool is null)
        {
            return "no spool is configured (AuditTrailOptions.Spool.Directory)";
        }

        try
        {
            // Not cancellable: at shutdown this append is the events' last chance.
            await _spool.AppendAsync(writes.ConvertAll(p => p.Record), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever the reason (full disk, permissions, size limit), the events are not kept; the caller decides what follows.
            _failure = ex;
            LogSpoolFailed(ex, _spool.Location);
            return $"the spool '{_spool.Location}' cannot be written: {ex.Message}";
        }

        _failure = null;
        _openFailed = false;
        _metrics.Spooled(writes.Count);
        return null;
    }

    /// <summary>
    /// At most once every replay interval, between batches: what processes that stopped meanwhile left in the spool
    /// (<see cref="IAuditSpool.FindLeftBehindAsync"/>), replayed like the rest; without it, a rolling deployment's
    /// stopped instance would leave its spooled events for the next restart. A failure is logged and tried again later.
    /// </summary>
    public Task LookForLeftBehindAsync()
    {
        if (_spool is null || _openFailed || _timeProvider.GetElapsedTime(_lookedAt) < _lookInterval)
        {
            return Task.CompletedTask;
        }

        _lookedAt = _timeProvider.GetTimestamp();
        return LookAsync(_spool);

        async Task LookAsync(IAuditSpool spool)
        {
            try
            {
                await spool.FindLeftBehindAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogLookFailed(ex, spool.Location);
            }
        }
    }

    /// <summary>Replays the spool into the store; throws when the store fails, leaving the rest for the next try.</summary>
    public async Task ReplayAsync(CancellationToken shutdown)
    {
        if (_spool is null || Pending == 0)
        {
            return;
        }

        var total = 0;
        try
        {
            await _spool.ReplayAsync(WriteReplayedAsync, _batchSize, shutdown).ConfigureAwait(false);
            _replayFailing = false;
            StoreTookEvents();
        }
        finally
        {
            if (total > 0)
            {
                LogReplayed(total, _spool.Location);
            }
        }

        async Task WriteReplayedAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
        {
            await _sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);
            _store.Failure = null;
            _metrics.Replayed(records.Count);
            total += records.Count;
        }
    }

    /// <summary>One replay attempt outside a batch (at start, on the replay interval, at the end); a failure waits for the next.</summary>
    public async Task TryReplayAsync(CancellationToken shutdown)
    {
        if (_spool is null || Pending == 0 || shutdown.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await ReplayAsync(shutdown).ConfigureAwait(false);
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested)
        {
            _store.Failure = ex;
            if (_replayFailing)
            {
                // Reported when the series began; the health check and the spool depth show it meanwhile.
                return;
            }

            _replayFailing = true;
            LogReplayFailed(ex, Pending);
            _reporter.Report(new AuditFailure
            {
                Kind = AuditFailureKind.Temporary,
                Source = AuditFailureSource.Store,
                Outcome = AuditFailureOutcome.ReplayPending,
                Message = $"Replaying {Pending} spooled audit event(s) failed; they stay in the spool and are tried again: {ex.Message}",
                Exception = ex,
            });
        }
        catch (Exception) when (shutdown.IsCancellationRequested)
        {
            // Shutdown ran out of time; the spool keeps the events for the next start.
        }
    }

    /// <summary>Nothing is written after the writer stops: releases the spool (the file spool's lane), so that the next run can replay it.</summary>
    public void Dispose() => _spool?.Dispose();

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "The audit spool '{Directory}' cannot be written; fail-open events cannot be kept while the store fails.")]
    private partial void LogSpoolFailed(Exception exception, string directory);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Looking in the audit spool '{Directory}' for events that stopped processes left behind failed; it is tried again every replay interval.")]
    private partial void LogLookFailed(Exception exception, string directory);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Replayed {Count} spooled audit event(s) from '{Directory}' into the store.")]
    private partial void LogReplayed(int count, string directory);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Replaying the audit spool failed; {Count} event(s) stay in the spool and are tried again every replay interval (further failures are not logged until one succeeds).")]
    private partial void LogReplayFailed(Exception exception, long count);
}
