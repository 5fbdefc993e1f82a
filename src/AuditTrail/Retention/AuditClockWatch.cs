namespace AuditTrail;

/// <summary>
/// Watches the wall clock against the monotonic clock from the moment the audit trail is first used (the first
/// logger or retention in the container), so retention can tell time that passed from a clock that jumped ahead.
/// </summary>
internal sealed class AuditClockWatch(TimeProvider timeProvider)
{
    private readonly DateTimeOffset _wallClockAtStart = timeProvider.GetUtcNow();
    private readonly long _timestampAtStart = timeProvider.GetTimestamp();

    /// <summary>How far the wall clock is now ahead of where the monotonic clock says it should be (negative when behind).</summary>
    public TimeSpan JumpAhead() =>
        timeProvider.GetUtcNow() - _wallClockAtStart - timeProvider.GetElapsedTime(_timestampAtStart);
}
