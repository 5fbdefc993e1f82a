using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Runs <see cref="AuditRetention"/> every <see cref="AuditRetentionOptions.Interval"/> while a period is set.</summary>
internal sealed partial class AuditRetentionService(
    IAuditRetention retention,
    IOptions<AuditTrailOptions> options,
    TimeProvider timeProvider,
    ILogger<AuditRetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!new AuditRetentionPolicy(options.Value.Retention).IsActive)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Retention.Interval, timeProvider);
        do
        {
            try
            {
                await retention.PurgeAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A failed pass is retried at the next interval; retention must never take the host down.
                LogPurgeFailed(ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "An audit retention pass failed; it will run again at the next interval.")]
    private partial void LogPurgeFailed(Exception exception);
}
