using Microsoft.Extensions.Logging;

namespace AuditTrail.PostgreSql;

/// <summary>What the month drops log.</summary>
internal static class PostgreSqlPartitionPurgeLog
{
    /// <summary>A drop gave up on a reader's lock: the pass goes on row by row, and the next one tries the drop again.</summary>
    public static readonly Action<ILogger, string, string, int, Exception?> DropDeferred = LoggerMessage.Define<string, string, int>(
        LogLevel.Warning,
        new EventId(70, nameof(DropDeferred)),
        "The purge gave up {What} of {Table} after waiting {Seconds} s for a lock that another transaction holds on the table " +
        "(a long read, export or verification); nothing was dropped, this pass purges row by row instead, and the next pass tries the drop again.");
}
