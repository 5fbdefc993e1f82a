using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// Runs one named consumer: take (or renew) its lease, read the batch after its position, hand it over, advance the
/// position, repeat; wait a poll interval when caught up or when another instance holds the lease; after a failure
/// wait with exponential backoff and read the same batch again. It shares nothing with the writers but the store, so
/// a slow or failing consumer never holds up a write or another consumer. On shutdown it releases its lease.
/// </summary>
internal sealed partial class AuditConsumerService(
    string name,
    IAuditConsumer consumer,
    AuditConsumerOptions options,
    AuditFeed feed,
    AuditConsumerState state,
    AuditMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AuditConsumerService> logger) : BackgroundService
{
    public string Name => name;

    /// <summary>This instance's id as a lease owner: unique per process and start.</summary>
    public string Owner { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.CreateVersion7():N}");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await StepAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    failures = state.Failed(ex);
                    metrics.ConsumerFailed(name);
                    wait = Backoff(failures);
                    LogFailed(ex, name, failures, wait);
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, stoppingToken).ConfigureAwait(false);
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
        }
    }

    /// <summary>One round; returns how long to wait before the next.</summary>
    private async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var checkpoint = await feed.Checkpoints.TryAcquireLeaseAsync(name, Owner, now, options.LeaseDuration, cancellationToken).ConfigureAwait(false);
        if (checkpoint is null)
        {
            return options.PollInterval;
        }

        var batch = await feed.ReadAsync(checkpoint.Position, options.BatchSize, cancellationToken).ConfigureAwait(false);
        var head = (await feed.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? checkpoint.Position;
        state.ObserveLag(head - checkpoint.Position, batch.Count == 0 ? TimeSpan.Zero : now - batch[0].Record.RecordedAt);
        if (batch.Count == 0)
        {
            state.Handled(head - checkpoint.Position);
            return options.PollInterval;
        }

        if (batch[0].Sequence > checkpoint.Position + 1)
        {
            // Retention purged these past the consumer (its MaxLag was exceeded, which retention reported too).
            var skipped = batch[0].Sequence - checkpoint.Position - 1;
            metrics.ConsumerSkipped(name, skipped);
            LogSkipped(name, skipped, checkpoint.Position);
        }

        await consumer.HandleAsync(batch, cancellationToken).ConfigureAwait(false);
        var last = batch[^1].Sequence;
        try
        {
            await feed.Checkpoints.AdvanceAsync(name, Owner, last, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (AuditConsumerLeaseLostException)
        {
            // Another instance took over while this batch was handled: it delivers again from the stored position.
            LogLeaseLost(name, batch.Count);
            return options.PollInterval;
        }

        metrics.ConsumerHandled(name, batch.Count);
        state.Handled(head - last);
        return batch.Count < options.BatchSize ? options.PollInterval : TimeSpan.Zero;
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.RetryBaseDelay.Ticks * factor, options.RetryMaxDelay.Ticks));
        return delay;
    }

    private async Task ReleaseAsync()
    {
        try
        {
            await feed.Checkpoints.ReleaseLeaseAsync(name, Owner, CancellationToken.None).ConfigureAwait(false);
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
