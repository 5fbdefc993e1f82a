using System.Net;

namespace AuditTrail.Webhooks;

/// <summary>
/// A post the receiver refused while asking to be retried later (<c>Retry-After</c>): an <see cref="HttpRequestException"/>
/// like any other refusal, which also tells the feed consumer how long to wait (<see cref="IAuditRetryAfter"/>).
/// </summary>
internal sealed class AuditWebhookRetryLaterException(string message, Exception? inner, HttpStatusCode status, TimeSpan retryAfter)
    : HttpRequestException(message, inner, status), IAuditRetryAfter
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
