using AuditTrail.Samples.WebApp.Model;

namespace AuditTrail.Samples.WebApp.Background;

/// <summary>
/// Removes API keys whose expiry has passed, every <c>ApiKeys:ExpiryCheckInterval</c> (default 30 seconds), and
/// records each as <c>api_key.expired</c> by the System: there is no request and no user behind this work.
/// </summary>
internal sealed partial class ApiKeyExpiryService(
    ConsoleState state,
    IAuditLogger audit,
    IAuditContextAccessor auditContext,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<ApiKeyExpiryService> logger) : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("ApiKeys:ExpiryCheckInterval", DefaultInterval);
        if (interval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"ApiKeys:ExpiryCheckInterval is {interval}; it must be at least one second.");
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await ExpireAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ExpireAsync(CancellationToken cancellationToken)
    {
        foreach (var key in state.RemoveExpiredApiKeys())
        {
            try
            {
                using (auditContext.BeginSystemScope())
                {
                    await audit.ApiKeyExpiredAsync(key.AuditResource(), cancellationToken);
                }

                LogExpired(key.Name, key.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The key stays until its expiry is on record: the next run tries again.
                state.Save(key);
                LogNotRecorded(ex, key.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API key {Name} ({Id}) expired and was removed")]
    private partial void LogExpired(string name, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The expiry of API key {Id} could not be recorded; it is kept and retried")]
    private partial void LogNotRecorded(Exception exception, string id);
}
