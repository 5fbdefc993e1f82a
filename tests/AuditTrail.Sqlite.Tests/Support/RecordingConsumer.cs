using System.Collections.Concurrent;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>A feed consumer that records every delivery and the clock's time of every attempt; it can be made to fail or to hang.</summary>
public sealed class RecordingConsumer(TimeProvider clock) : IAuditConsumer
{
    private int _failuresLeft;
    private int _cancelled;
    private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every entry handed over, in delivery order (a redelivered entry appears again).</summary>
    public ConcurrentQueue<AuditFeedEntry> Received { get; } = new();

    /// <summary>The clock's time at each call.</summary>
    public ConcurrentQueue<DateTimeOffset> Attempts { get; } = new();

    /// <summary>The next this-many calls throw.</summary>
    public int FailuresLeft { get => Volatile.Read(ref _failuresLeft); set => Volatile.Write(ref _failuresLeft, value); }

    /// <summary>From this many received entries on, a call records its batch and then does not return until <see cref="Finish"/> or cancellation: a slow destination, or a process that died mid-batch.</summary>
    public int HangFrom { get; set; } = int.MaxValue;

    /// <summary>How many hanging calls ended by cancellation.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    /// <summary>When set, a failure says (through its inner exception) that the destination asked for this wait.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Lets every hanging call, and every later one, return.</summary>
    public void Finish() => _finish.TrySetResult();

    /// <summary>A hanging call waits for <see cref="Finish"/> even when cancelled, as a send already on the wire completes.</summary>
    public bool FinishesWhenCancelled { get; set; }

    public async Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
    {
        Attempts.Enqueue(clock.GetUtcNow());
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw RetryAfter is { } wait
                ? new InvalidOperationException("The destination is down.", new RetryLaterException(wait))
                : new InvalidOperationException("The destination is down.");
        }

        var hang = Received.Count >= HangFrom;
        foreach (var entry in batch)
        {
            Received.Enqueue(entry);
        }

        if (hang)
        {
            try
            {
                await _finish.Task.WaitAsync(FinishesWhenCancelled ? CancellationToken.None : cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
        }
    }
}

/// <summary>A destination's answer asking to be retried after <paramref name="wait"/>, as a webhook's 429 with a Retry-After.</summary>
public sealed class RetryLaterException(TimeSpan wait) : Exception("Too many requests."), IAuditRetryAfter
{
    public TimeSpan RetryAfter { get; } = wait;
}
