namespace AuditTrail.Relational;

/// <summary>
/// Runs a pass of work that follows the audit table (filling a search index, say) in the background after commits:
/// a request starts one asynchronous run unless one is in progress (which then runs again), so one pass takes the
/// rows of many commits. Nobody waits for it; a failed pass is kept as <see cref="LastError"/> and retried by the
/// next request.
/// </summary>
public sealed class AuditBackgroundPass : IAsyncDisposable, IDisposable
{
    /// <summary>How long a run waits after the request that started it, so that one pass takes the rows of many commits.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a run waits after a failed pass before it ends (the next request retries).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly Func<CancellationToken, Task> _pass;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _sync = new();
    private bool _pending;
    private Task? _runner;
    private volatile Exception? _lastError;

    /// <summary>Creates the runner of <paramref name="pass"/>; nothing runs before the first request.</summary>
    /// <param name="pass">The work of a pass; it reads every row committed before it starts.</param>
    /// <param name="enabled">Whether requests start runs at all.</param>
    /// <param name="time">The clock of the linger and retry waits.</param>
    public AuditBackgroundPass(Func<CancellationToken, Task> pass, bool enabled, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(time);
        _pass = pass;
        _enabled = enabled;
        _time = time;
    }

    /// <summary>The error of the latest background pass, or <see langword="null"/> when it succeeded (or none ran).</summary>
    public Exception? LastError => _lastError;

    /// <summary>The run in progress, if any.</summary>
    public Task? Running
    {
        get
        {
            lock (_sync)
            {
                return _runner;
            }
        }
    }

    /// <summary>Starts a background run, unless one is in progress (it then runs again) or runs are disabled.</summary>
    public void RequestUpdate()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_sync)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _pending = true;
            _runner ??= Task.Run(RunAsync);
        }
    }

    /// <summary>Stops background runs and waits for the one in progress, which is cancelled.</summary>
    /// <returns>A task that completes when no run is left.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? runner;
        lock (_sync)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            runner = _runner;
        }

        if (runner is not null)
        {
            await runner.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>Stops background runs, blocking until the one in progress has ended.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (TakePending(stopping))
            {
                // Requests during the wait are served by this pass (it reads every row committed before it starts).
                await Task.Delay(Linger, _time, stopping).ConfigureAwait(false);
                lock (_sync)
                {
                    _pending = false;
                }

                try
                {
                    await _pass(stopping).ConfigureAwait(false);
                    _lastError = null;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // The work follows the table; the next request retries it.
                    _lastError = e;
                    await Task.Delay(RetryDelay, _time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            lock (_sync)
            {
                _runner = null;
            }
        }
    }

    /// <summary>Whether another pass is due; when not, the run ends (under the lock, so a request now starts a new one).</summary>
    private bool TakePending(CancellationToken stopping)
    {
        lock (_sync)
        {
            if (_pending && !stopping.IsCancellationRequested)
            {
                return true;
            }

            _runner = null;
            return false;
        }
    }
}
