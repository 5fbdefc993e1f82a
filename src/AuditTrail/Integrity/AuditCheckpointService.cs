using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Writes a checkpoint every <see cref="AuditCheckpointOptions.EveryEvents"/> records or <see cref="AuditCheckpointOptions.Interval"/>, and a last one at stop.</summary>
internal sealed partial class AuditCheckpointService(
    AuditCheckpointWriter writer,
    IOptions<AuditCheckpointOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditCheckpointService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        try
        {
            // An anchor left unsigned (a purge before checkpoints were enabled, or a crash before its signature) is signed now.
            await writer.AnchorAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogCheckpointFailed(ex);
        }

        using var timer = new PeriodicTimer(settings.PollInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var head = await writer.HeadSequenceAsync(stoppingToken).ConfigureAwait(false);
                    var pending = head - Math.Max(writer.LastHeadSequence, 0);
                    var due = timeProvider.GetUtcNow() - writer.LastWrittenAt >= settings.Interval;
                    if (pending >= settings.EveryEvents || (pending > 0 && due) || writer.LastHeadSequence < 0)
                    {
                        await writer.CheckpointAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogCheckpointFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the final checkpoint is written in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await writer.CheckpointAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckpointFailed(ex);
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "Writing an audit checkpoint failed; the next attempt follows at the next poll.")]
    private partial void LogCheckpointFailed(Exception exception);
}
