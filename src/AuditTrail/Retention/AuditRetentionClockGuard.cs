using Microsoft.Extensions.Logging;

namespace AuditTrail;

/// <summary>
/// Decides before each purge whether the clock can be trusted, in every order of events. Within a process, the wall
/// clock is compared with the monotonic clock (<see cref="AuditClockWatch"/>): a jump ahead by more than
/// <see cref="AuditRetentionOptions.MaxClockJump"/> refuses every pass until restart. Across processes, where no
/// monotonic baseline survives, the records tell: when the newest committed record's
/// <see cref="AuditRecord.RecordedAt"/> is ahead of the clock by more than <see cref="AuditRetentionOptions.MaxClockDisagreement"/>,
/// the clock went back (or the records were stamped by a clock that had jumped ahead and was corrected), and the pass is refused.
/// </summary>
internal sealed partial class AuditRetentionClockGuard(AuditClockWatch clockWatch, AuditMetrics metrics, ILogger<AuditRetentionClockGuard> logger)
{
    /// <summary>The reason tag of a refusal because the wall clock jumped ahead of the monotonic clock.</summary>
    public const string ClockJump = "clock_jump";

    /// <summary>The reason tag of a refusal because the newest records are ahead of the clock.</summary>
    public const string RecordsAhead = "records_ahead";

    /// <summary>Whether the wall clock jumped ahead while this process ran (logged and counted when it did).</summary>
    public bool JumpedAhead(AuditRetentionOptions retention)
    {
        var jump = clockWatch.JumpAhead();
        if (jump <= retention.MaxClockJump)
        {
            return false;
        }

        metrics.RetentionClockRefused(ClockJump);
        LogClockJumped(jump, retention.MaxClockJump);
        return true;
    }

    /// <summary>Whether the newest committed record is ahead of <paramref name="now"/> by more than the margin (logged and counted when it is).</summary>
    public bool RecordsAheadOfClock(AuditRetentionOptions retention, DateTimeOffset newestRecordedAt, DateTimeOffset now)
    {
        var ahead = newestRecordedAt - now;
        if (ahead <= retention.MaxClockDisagreement)
        {
            return false;
        }

        metrics.RetentionClockRefused(RecordsAhead);
        LogRecordsAhead(newestRecordedAt, now, ahead, retention.MaxClockDisagreement);
        return true;
    }

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Audit retention refused to purge: the wall clock is {Jump} ahead of the monotonic clock (more than {MaxClockJump}); records written before the jump are kept. Correct the clock and restart the host to resume retention.")]
    private partial void LogClockJumped(TimeSpan jump, TimeSpan maxClockJump);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Audit retention refused to purge: the newest committed record was recorded at {NewestRecordedAt:O}, {Ahead} ahead of the clock ({Now:O}), more than MaxClockDisagreement of {Margin}. The clock went back, or records were stamped by a clock that had jumped ahead; retention resumes once the clock is past the newest record.")]
    private partial void LogRecordsAhead(DateTimeOffset newestRecordedAt, DateTimeOffset now, TimeSpan ahead, TimeSpan margin);
}
