using System.Net.Http.Headers;

namespace AuditTrail.Webhooks;

/// <summary>
/// One signed POST to the webhook (<see cref="AuditWebhookSignature"/>), shared by the record forwarder and the alert
/// sink: the same body and signature on every attempt of the client's resilience handler, redirects followed only to
/// the same scheme, host and port, any other answer, and no answer at all, an <see cref="HttpRequestException"/> that names it.
/// </summary>
internal static class AuditWebhookPost
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>A client given by host code (the public constructors' argument), used for every post.</summary>
    public static Func<HttpClient> Kept(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    /// <param name="client">A client whose handler follows no redirect on its own.</param>
    /// <param name="options">Validated options: the URL, the key and the redirect limit.</param>
    /// <param name="time">The clock of the signature's timestamp.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="subject">What is posted, for the error messages: "a batch", "a finding".</param>
    /// <param name="detail">What is posted, in full: "a batch of 3 audit record(s)".</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    public static async Task SendAsync(
        HttpClient client, AuditWebhookOptions options, TimeProvider time, byte[] body, string subject, string detail, CancellationToken cancellationToken)
    {
        var signature = AuditWebhookSignature.Create(options.SigningKey!, time.GetUtcNow(), body);
        var url = options.Url!;
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Add(AuditWebhookSignature.HeaderName, signature);
            request.Options.Set(AuditWebhookLastAnswer.Key, new AuditWebhookLastAnswer());
            using var response = await PostAsync(client, request, url, detail, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (Uri.Compare(target, options.Url, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    throw new HttpRequestException($"The webhook {Describe(options.Url!)} redirected to {Describe(target)}, {Elsewhere(options.Url!, target)}; {subject} is never sent elsewhere.", null, response.StatusCode);
                }

                if (redirects < options.MaxRedirects)
                {
                    url = target;
                    continue;
                }
            }

            if (AuditWebhookLastAnswer.RetryAfterOf(response, time.GetUtcNow()) is { } wait && wait > TimeSpan.Zero)
            {
                // The handler's retries ran out on a receiver that asked for a pause: the feed consumer waits it out.
                throw new AuditWebhookRetryLaterException(
                    $"The webhook {Describe(url)} answered {(int)response.StatusCode} {response.ReasonPhrase} to {detail}, asking to be retried after {wait:c}.", null, response.StatusCode, wait);
            }

            throw new HttpRequestException($"The webhook {Describe(url)} answered {(int)response.StatusCode} {response.ReasonPhrase} to {detail}.", null, response.StatusCode);
        }
    }

    /// <summary>
    /// Sends the request; no answer (the receiver unreachable, or every attempt timed out) is an
    /// <see cref="HttpRequestException"/> naming the webhook, as a refusal is, unless <paramref name="cancellationToken"/> was cancelled.
    /// A post the handler's circuit breaker rejects (after many failures) names the webhook too.
    /// When the handler gave up after an answer (waiting out a <c>Retry-After</c> longer than its total timeout), the
    /// exception names that answer instead.
    /// </summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, HttpRequestMessage request, Uri url, string detail, CancellationToken cancellationToken)
    {
        try
        {
            // The answer is its status and headers: the body is never read, so a receiver slow to send it (or sending one
            // that never ends) does not turn a 2xx into a failure and the batch into a duplicate.
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(
                $"The webhook {Describe(url)} was not sent {detail}: the resilience handler's circuit breaker stopped posting to it after its recent failures ({e.Message.TrimEnd('.')}).", e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && e is Polly.Timeout.TimeoutRejectedException or OperationCanceledException or HttpRequestException { StatusCode: null })
        {
            if (request.Options.TryGetValue(AuditWebhookLastAnswer.Key, out var last) && last.Answer is { } answer)
            {
                if (answer.RetryAfter is { } delay && delay > TimeSpan.Zero)
                {
                    // The feed consumer waits it out before it sends the batch again.
                    throw new AuditWebhookRetryLaterException(
                        $"The webhook {Describe(url)} answered {(int)answer.Status} {answer.Reason} to {detail}, asking to be retried after {delay:c}, later than the resilience handler waits: {e.Message}", e, answer.Status, delay);
                }

                throw new HttpRequestException(
                    $"The webhook {Describe(url)} answered {(int)answer.Status} {answer.Reason} to {detail}, and the resilience handler gave up before trying again: {e.Message}", e, answer.Status);
            }

            throw new HttpRequestException($"The webhook {Describe(url)} did not answer {detail}: {e.Message}", e);
        }
    }

    /// <summary>What a redirect changed: a downgrade to http on the same host is no more "another host" than a move to another port.</summary>
    private static string Elsewhere(Uri url, Uri target) =>
        !string.Equals(url.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase) ? "another scheme"
        : Uri.Compare(url, target, UriComponents.Host, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0 ? "another host"
        : "another port";

    /// <summary>The URL without its user info or query (which may carry a password or a token).</summary>
    private static string Describe(Uri url) => AuditWebhookOptionsValidation.Describe(url);
}
