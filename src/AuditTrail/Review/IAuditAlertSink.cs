namespace AuditTrail;

/// <summary>
/// Where the continuous review hands each new finding: a log, a webhook, the trail itself. Each episode is handed over
/// once (by <see cref="AuditFinding.Id"/>), also across restarts.
/// </summary>
public interface IAuditAlertSink
{
    /// <summary>Delivers one new finding. Throw when it was not delivered: it comes again after a backoff.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the finding is delivered.</returns>
    Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default);
}
