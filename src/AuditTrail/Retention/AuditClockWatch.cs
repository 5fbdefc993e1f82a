namespace AuditTrail;

/// <summary>
/// The clock records are stamped with, watched against the monotonic clock from the moment the audit trail is first
/// used (the first record stamped, or retention), so retention can tell time that passed from a clock that jumped ahead.
/// </summary>
internal sealed class AuditClockWatch(TimeProvider timeProvider)
{
    private readonly DateTimeOffset _wallClockAtStart = timeProvider.GetUtcNow();
    private readonly long _timestampAtStart = timeProvider.GetTimestamp();

    /// <summary>The wall clock's time, what <see cref="AuditEventNormalizer"/> stamps records with.</summary>
    public DateTimeOffset GetUtcNow() => timeProvider.GetUtcNow();

    /// <summary>How far the wall clock is now ahead of where the monotonic clock says it should be (negative when behind).</summary>
    public TimeSpan JumpAhead() =>
        timeProvider.GetUtcNow() - _wallClockAtStart - timeProvider.GetElapsedTime(_timestampAtStart);
}
