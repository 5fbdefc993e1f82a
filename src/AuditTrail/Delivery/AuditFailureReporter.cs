using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>Tells every registered <see cref="IAuditFailureListener"/> of a failure; a listener that throws is logged and does not affect delivery.</summary>
internal sealed partial class AuditFailureReporter
{
    private readonly IAuditFailureListener[] _listeners;
    private readonly ILogger _logger;

    public AuditFailureReporter(IEnumerable<IAuditFailureListener> listeners, ILoggerFactory loggerFactory)
    {
        _listeners = [.. listeners];
        _logger = loggerFactory.CreateLogger(AuditPipelineLog.Category);
    }

    public void Report(AuditFailure failure)
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

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "The audit failure listener {Listener} threw; delivery is not affected.")]
    private partial void LogListenerFailed(Exception exception, string listener);
}
