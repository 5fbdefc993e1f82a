namespace AuditTrail;

/// <summary>
/// The wait before a consumer's next attempt when its failure asked for one (<see cref="IAuditRetryAfter"/>): at least
/// the failure's own wait, at most <see cref="Longest"/>, and never less than the backoff's typical wait for the attempt
/// (so a short request does not cut a long backoff short). Without such a request the backoff chooses.
/// </summary>
internal static class AuditConsumerRetryDelay
{
    /// <summary>The longest wait a failure may ask for: a receiver that asks for days does not stop the consumer for days.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <param name="failure">The failure of the attempt.</param>
    /// <param name="attempt">The zero-based attempt that failed.</param>
    /// <param name="options">The consumer's backoff.</param>
    /// <returns>The wait, or <see langword="null"/> for the backoff's own.</returns>
    public static TimeSpan? For(Exception? failure, int attempt, AuditConsumerOptions options)
    {
        if (Asked(failure) is not { } asked || asked <= TimeSpan.Zero)
        {
            return null;
        }

        var wait = asked > Longest ? Longest : asked;
        var backoff = Typical(attempt, options);
        return wait > backoff ? wait : backoff;
    }

    /// <summary>The backoff's typical wait after <paramref name="attempt"/>: the base delay doubled per earlier failure, up to the longest.</summary>
    private static TimeSpan Typical(int attempt, AuditConsumerOptions options)
    {
        var factor = Math.Pow(2, Math.Min(attempt, 40));
        var ticks = options.RetryBaseDelay.Ticks * factor;
        return ticks >= options.RetryMaxDelay.Ticks ? options.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan? Asked(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is IAuditRetryAfter request)
            {
                return request.RetryAfter;
            }
        }

        return null;
    }
}
