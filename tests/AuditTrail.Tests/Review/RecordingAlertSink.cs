namespace AuditTrail.Tests.Review;

/// <summary>Keeps every finding it is handed; can be made to fail.</summary>
public sealed class RecordingAlertSink : IAuditAlertSink
{
    public List<AuditFinding> Alerts { get; } = [];

    public int FailuresLeft { get; set; }

    public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
    {
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new HttpRequestException("the alert destination is down");
        }

        Alerts.Add(finding);
        return Task.CompletedTask;
    }
}
