using System.Net;

namespace AuditTrail.Webhooks;

/// <summary>
/// The answer to the latest attempt of one post, kept across the resilience handler's attempts (its copies of the request
/// share this object through <see cref="HttpRequestMessage.Options"/>): cleared when an attempt starts, set when the
/// receiver answers. When the handler gives up while it holds an answer, the receiver did answer, and asked to be retried
/// later than the handler waits (a long <c>Retry-After</c>).
/// </summary>
internal sealed class AuditWebhookLastAnswer
{
    public static readonly HttpRequestOptionsKey<AuditWebhookLastAnswer> Key = new("AuditTrail.Webhooks.LastAnswer");

    private readonly Lock _lock = new();
    private (HttpStatusCode Status, string? Reason, TimeSpan? RetryAfter)? _answer;

    public (HttpStatusCode Status, string? Reason, TimeSpan? RetryAfter)? Answer { get { lock (_lock) { return _answer; } } }

    public void Clear()
    {
        lock (_lock)
        {
            _answer = null;
        }
    }

    public void Set(HttpResponseMessage response, DateTimeOffset now)
    {
        var retryAfter = RetryAfterOf(response, now);
        lock (_lock)
        {
            _answer = (response.StatusCode, response.ReasonPhrase, retryAfter);
        }
    }

    /// <summary>The wait the answer's <c>Retry-After</c> asks for (a delay, or a date less <paramref name="now"/>), if it has one.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - now,
        _ => null,
    };
}

/// <summary>
/// The innermost handler of the webhook clients, below the resilience handler: records each attempt's answer in the
/// request's <see cref="AuditWebhookLastAnswer"/>, when it carries one.
/// </summary>
internal sealed class AuditWebhookAnswerRecorder(TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(AuditWebhookLastAnswer.Key, out var last);
        last?.Clear();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        last?.Set(response, time.GetUtcNow());
        return response;
    }
}
