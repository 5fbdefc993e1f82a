using Microsoft.Extensions.Logging;

namespace AuditTrail.Spool;

/// <summary>Tells the host's <see cref="IAuditFailureListener"/>s about the spool's own findings (damaged segments); a listener that throws is logged.</summary>
internal sealed partial class SpoolFailureReporter(IEnumerable<IAuditFailureListener> listeners, ILogger logger)
{
    private readonly IAuditFailureListener[] _listeners = [.. listeners];

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
