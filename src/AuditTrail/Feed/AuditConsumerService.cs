using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AuditTrail;

/// <summary>
/// Runs one named consumer: take (or renew) its lease, read the batch after its position, hand it over while an
/// <see cref="AuditConsumerLeaseKeeper"/> renews the lease, advance the position, repeat; wait a poll interval when
/// caught up or when another instance holds the lease; after a failure a Polly retry waits with exponential backoff
/// and jitter, and the same batch is read again. It shares nothing with the writers but the store, so a slow or
/// failing consumer never holds up a write or another consumer. On shutdown it releases its lease.
/// </summary>
internal sealed partial class AuditConsumerService(string name, IServiceProvider services) : BackgroundService
{
    private IAuditConsumer _consumer = null!;
    private AuditConsumerRegistration _registration = null!;
    private AuditConsumerOptions _options = null!;
    private AuditFeed _feed = null!;
    private AuditConsumerState _state = null!;
    private AuditMetrics _metrics = null!;
    private TimeProvider _timeProvider = null!;
    private ILogger _logger = null!;
    private ResiliencePipeline<TimeSpan> _retry = null!;

    /// <summary>The lease this instance holds, with its position as this instance last saved it, or <see langword="null"/>.</summary>
    private AuditConsumerCheckpoint? _held;

    /// <summary>When <see cref="_held"/> was taken or last renewed.</summary>
    private DateTimeOffset _heldSince;

    /// <summary>This instance's id as a lease owner: unique per process and start.</summary>
    public string Owner { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.CreateVersion7():N}");

    /// <summary>Resolves what the consumer needs here rather than when the host builds its services, so that invalid options and a store without a feed fail the start with their own message, after the host validated the options.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _options = services.GetRequiredService<IOptionsMonitor<AuditConsumerOptions>>().Get(name);
        _feed = services.GetRequiredService<AuditFeed>();
        _registration = services.GetServices<AuditConsumerRegistration>().Single(r => r.Name == name);
        _consumer = _registration.Create(services);
        _state = services.GetRequiredService<AuditConsumerStates>().For(name);
        _metrics = services.GetRequiredService<AuditMetrics>();
        _timeProvider = services.GetRequiredService<TimeProvider>();
        _logger = services.GetRequiredService<ILogger<AuditConsumerService>>();
        _retry = BuildRetry();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = await _retry.ExecuteAsync(StepAsync, stoppingToken).ConfigureAwait(false);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _timeProvider, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the lease is released below, so another instance takes over at once.
        }
        finally
        {
            await ReleaseAsync().ConfigureAwait(false);
            await DisposeConsumerAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Retries a failed round for as long as the host runs, with Polly's exponential backoff and jitter: the waits spread
    /// around RetryBaseDelay doubled for each further failure in a row (so that consumers failing together do not retry
    /// together), none longer than RetryMaxDelay, unless the failure asked for a longer wait (IAuditRetryAfter); each
    /// failure is counted, logged and shown in the health check.
    /// </summary>
    private ResiliencePipeline<TimeSpan> BuildRetry() =>
        new ResiliencePipelineBuilder<TimeSpan> { Name = "AuditTrail.Consumer." + name, TimeProvider = _timeProvider }
            .AddRetry(new RetryStrategyOptions<TimeSpan>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && !(ex is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.RetryMaxDelay,

                // A receiver that asked to be left alone for a while (a Retry-After) is not tried sooner.
                DelayGenerator = args => ValueTask.FromResult(AuditConsumerRetryDelay.For(args.Outcome.Exception, args.AttemptNumber, _options)),
                OnRetry = args =>
                {
                    _held = null;
                    var failures = _state.Failed(args.Outcome.Exception!);
                    _metrics.ConsumerFailed(name);
                    LogFailed(args.Outcome.Exception!, name, failures, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>One round; returns how long to wait before the next.</summary>
    private async ValueTask<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var checkpoint = await LeaseAsync(now, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            return _options.PollInterval;
        }

        var batch = await _feed.ReadAsync(checkpoint.Position, _options.BatchSize, cancellationToken).ConfigureAwait(false);
        var head = (await _feed.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? checkpoint.Position;
        _state.ObserveLag(head - checkpoint.Position, batch.Count == 0 ? null : batch[0].Record.RecordedAt);
        if (batch.Count == 0)
        {
            _state.Handled(head - checkpoint.Position);
            return _options.PollInterval;
        }

        if (batch[0].Sequence > checkpoint.Position + 1)
        {
            // Retention purged these past the consumer (its MaxLag was exceeded, which retention reported too).
            var skipped = batch[0].Sequence - checkpoint.Position - 1;
            _metrics.ConsumerSkipped(name, skipped);
            LogSkipped(name, skipped, checkpoint.Position);
        }

        var lease = new AuditConsumerLeaseKeeper(_feed.Checkpoints, name, Owner, _heldSince, _options.LeaseDuration, _timeProvider, cancellationToken);
        await using (lease.ConfigureAwait(false))
        {
            try
            {
                await _consumer.HandleAsync(batch, lease.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (lease.Lost && !cancellationToken.IsCancellationRequested)
            {
                // The lease ran out or went to another instance mid-batch: that instance delivers the batch again.
            }

            if (lease.Lost)
            {
                // Also when the handler finished regardless: the position is no longer this instance's to save.
                _held = null;
                LogLeaseLost(name, batch.Count);
                return _options.PollInterval;
            }
        }

        var last = batch[^1].Sequence;
        try
        {
            // Not cancelled by a stop: the batch was handled, and a position not saved would deliver it again.
            await _feed.Checkpoints.AdvanceAsync(name, Owner, last, _timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (AuditConsumerLeaseLostException)
        {
            // Another instance took over while this batch was handled: it delivers again from the stored position.
            _held = null;
            LogLeaseLost(name, batch.Count);
            return _options.PollInterval;
        }

        _held = _held! with { Position = last };
        // The health state first: whoever sees the handled count can count on the health reflecting it too.
        _state.Handled(head - last);
        _metrics.ConsumerHandled(name, batch.Count);
        return batch.Count < _options.BatchSize ? _options.PollInterval : TimeSpan.Zero;
    }

    /// <summary>
    /// The lease and position: asks the store only when this instance holds no lease or renewed it more than a third
    /// of <see cref="AuditConsumerOptions.LeaseDuration"/> ago, so a caught-up consumer polling often writes to the
    /// store rarely, while at least two thirds of the lease remain whenever a batch is read.
    /// </summary>
    private async Task<AuditConsumerCheckpoint?> LeaseAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_held is not null && now - _heldSince < _options.LeaseDuration / 3)
        {
            return _held;
        }

        _held = await _feed.Checkpoints.TryAcquireLeaseAsync(name, Owner, now, _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        _heldSince = now;
        return _held;
    }

    private async ValueTask DisposeConsumerAsync()
    {
        if (!_registration.OwnsConsumer)
        {
            return;
        }

        if (_consumer is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (_consumer is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await _feed.Checkpoints.ReleaseLeaseAsync(name, Owner, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The lease then expires on its own, after LeaseDuration.
            LogReleaseFailed(ex, name);
        }
    }

    [LoggerMessage(EventId = 50, Level = LogLevel.Warning, Message = "Audit consumer '{Consumer}' failed ({Failures} attempt(s) in a row); it tries the same batch again in {Wait}.")]
    private partial void LogFailed(Exception exception, string consumer, int failures, TimeSpan wait);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "Audit consumer '{Consumer}' lost its lease while handling {Count} record(s); the instance that holds it now delivers them again.")]
    private partial void LogLeaseLost(string consumer, int count);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "Audit consumer '{Consumer}' never received {Count} record(s) after position {Position}: retention purged them because the consumer was behind by more than its MaxLag.")]
    private partial void LogSkipped(string consumer, long count, long position);

    [LoggerMessage(EventId = 53, Level = LogLevel.Warning, Message = "Audit consumer '{Consumer}' could not release its lease on shutdown; it expires after the lease duration.")]
    private partial void LogReleaseFailed(Exception exception, string consumer);
}
