using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// The write pipeline's entrance and lifetime: callers queue events here; one <see cref="AuditWriter"/> hands the sink
/// batches of whatever is waiting (<see cref="AuditBatcher"/>, group commit), so many concurrent durable callers share
/// one transaction. A failed batch is retried through <see cref="AuditWriteRetry"/> while its failure may be
/// transient, then each event's <see cref="AuditFailurePolicy"/> applies (<see cref="AuditFailureHandler"/>):
/// fail-closed callers get <see cref="AuditWriteException"/>, fail-open events go to the spool
/// (<see cref="AuditSpoolKeeper"/>), which is replayed before any newer batch, so the store receives events in the
/// order they were accepted. Nothing is ever dropped silently.
/// </summary>
internal sealed class AuditWriteQueue : IAsyncDisposable, IDisposable
{
    private const string ShutDownMessage = "The audit pipeline has shut down; the event was not recorded.";

    private readonly AuditBatcher _batcher;
    private readonly AuditWriter _writer;
    private readonly AuditSpoolKeeper _spool;
    private readonly AuditRetainedWrites _retained;
    private readonly AuditStoreHealth _store;
    private readonly AuditMetrics _metrics;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _startLock = new();
    private Task? _loop;

    public AuditWriteQueue(
        IAuditSink sink,
        IOptions<AuditTrailOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        AuditFailureReporter reporter,
        AuditWriteRetry retry,
        AuditWriteErrorClassification classification,
        AuditSpoolSlot spool,
        AuditMetrics metrics)
    {
        var value = options.Value;
        var logger = loggerFactory.CreateLogger(AuditPipelineLog.Category);
        _metrics = metrics;
        _store = new AuditStoreHealth(timeProvider);
        _batcher = new AuditBatcher(value, timeProvider);
        _spool = new AuditSpoolKeeper(spool.Spool, sink, value.MaxBatchSize, value.Spool.ReplayInterval, timeProvider, _store, reporter, metrics, logger);
        _retained = new AuditRetainedWrites(reporter, logger);
        var failures = new AuditFailureHandler(_spool, _retained, _store, reporter, metrics, logger);
        var committer = new AuditBatchCommitter(sink, retry, _spool, failures, classification, _store, reporter, metrics, logger);
        _writer = new AuditWriter(_batcher, committer, _spool, failures, _retained, retry, metrics, timeProvider, value.MaxBatchSize, value.PipelineWrites ? sink as IAuditOrderedSink : null, logger);
        metrics.ObserveDepths(() => Pending, () => Spooled);
    }

    /// <summary>How many events wait for the writer, including buffered events kept after the store and spool both failed.</summary>
    public int Pending => _batcher.Count + _retained.Count;

    /// <summary>How many buffered events are held in memory because neither the store nor the spool took them.</summary>
    public int Retained => _retained.Count;

    /// <summary>How many events wait in the spool for the store.</summary>
    public long Spooled => _spool.Pending;

    /// <summary>Where the spool keeps events (the file spool's directory), or <see langword="null"/> when there is none.</summary>
    public string? SpoolDirectory => _spool.Location;

    /// <summary>How many batches the writer held open for callers released by the previous commit (<see cref="AuditTrailOptions.GroupCommitWait"/>).</summary>
    public long HeldBatches => _batcher.HeldBatches;

    /// <summary>The store's failure since its last successful write, if any.</summary>
    public Exception? StoreFailure => _store.Failure;

    /// <summary>The spool's failure since its last successful append, if any.</summary>
    public Exception? SpoolFailure => _spool.Failure;

    /// <summary>
    /// Queues a record. When <paramref name="waitForCommit"/> is set, completes only once it is committed, or
    /// spooled when <paramref name="policy"/> is fail-open, and throws <see cref="AuditWriteException"/> otherwise.
    /// </summary>
    public async Task EnqueueAsync(AuditRecord record, AuditFailurePolicy policy, bool waitForCommit, CancellationToken cancellationToken)
    {
        if (_batcher.IsClosed)
        {
            throw new ObjectDisposedException(nameof(IAuditLogger), ShutDownMessage);
        }

        EnsureStarted();
        var completion = waitForCommit ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        try
        {
            await _batcher.WriteAsync(new PendingWrite(record, policy, completion), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(IAuditLogger), ShutDownMessage);
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
            _batcher.SetAside(new PendingWrite(record, policy, null));
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
        _batcher.Close();
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
            await _shutdown.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writer.DrainWithoutDeadline();
        await CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        _shutdown.Dispose();
    }

    /// <summary>
    /// The same flush as <see cref="DisposeAsync"/>, for a service provider disposed with a plain <c>using</c> (no host):
    /// blocking is safe because the writer runs on the thread pool and never needs the disposing thread.
    /// </summary>
    public void Dispose()
    {
        _writer.DrainWithoutDeadline();
        CompleteAsync(CancellationToken.None).GetAwaiter().GetResult();
        _shutdown.Dispose();
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(() => _writer.RunAsync(_shutdown.Token));
        }
    }
}
