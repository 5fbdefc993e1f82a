namespace AuditTrail;

/// <summary>
/// Implemented by an exception that says when the other end asked to be tried again: a receiver that answered 429 Too
/// Many Requests or 503 Service Unavailable with a <c>Retry-After</c>, say. A consumer (<see cref="IAuditConsumer"/>, or
/// an <see cref="IAuditAlertSink"/> of the review) that throws one, or throws an exception with one among its inner
/// exceptions, has its batch delivered again no sooner than <see cref="RetryAfter"/> (at most one hour), however short
/// the consumer's own backoff; a longer backoff still applies.
/// </summary>
public interface IAuditRetryAfter
{
    /// <summary>How long the other end asked to be left alone; zero or less asks for nothing.</summary>
    TimeSpan RetryAfter { get; }
}
