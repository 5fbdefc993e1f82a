using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// Tells every registered <see cref="IAuditFailureListener"/> of a failure; a listener that throws is logged and does
/// not affect delivery. Registered by <c>AddAuditTrail()</c>, so that packages extending the pipeline (the file spool
/// reporting damaged segments) report through the same listeners and log.
/// </summary>
public sealed partial class AuditFailureReporter
{
    private readonly IAuditFailureListener[] _listeners;
    private readonly ILogger _logger;

    /// <summary>Creates a reporter to <paramref name="listeners"/>, logging in the write pipeline's category.</summary>
    /// <param name="listeners">The listeners, called in order.</param>
    /// <param name="loggerFactory">Where a listener that throws is logged.</param>
    public AuditFailureReporter(IEnumerable<IAuditFailureListener> listeners, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _listeners = [.. listeners];
        _logger = loggerFactory.CreateLogger(AuditPipelineLog.Category);
    }

    /// <summary>Calls every listener with <paramref name="failure"/>.</summary>
    /// <param name="failure">What failed.</param>
    public void Report(AuditFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
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
