using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// Keeps the write-ahead log bounded when readers never leave a gap. SQLite's automatic checkpoint after a commit is
/// passive: it copies what no reader still needs, and the log starts again from its beginning only at a moment when no
/// reader uses it. Under the queries of several processes, one always begun before the last ends, that moment never
/// comes, and the log grows with every commit. Once the log is past twice <see cref="SqliteAuditStoreOptions.WalCheckpointPages"/>,
/// the commit that sees it runs a <c>TRUNCATE</c> checkpoint, which waits (at most <see cref="WaitMilliseconds"/>, holding
/// other writers back meanwhile) for the readers of older snapshots to finish; new readers then read the database file,
/// the log is cut to nothing and the next commit writes it from its beginning. (A <c>RESTART</c> checkpoint would leave
/// the file at its grown length: its disk kept, and every later commit, seeing it past the limit, checkpointing again.) A checkpoint that gives up (a reader that outlasts the wait, such
/// as a long count) is tried again a second later at the earliest, then two, four, ... up to 30 seconds while it keeps
/// giving up, so that a long reader does not hold writers back every second.
/// </summary>
internal sealed class SqliteWalRestart(string connectionString, int checkpointPages)
{
    /// <summary>How long a checkpoint waits for the writer lock and for readers of older snapshots.</summary>
    internal const int WaitMilliseconds = 250;

    private const long RetryAfterMilliseconds = 1_000;
    private const long LongestRetryAfterMilliseconds = 30_000;
    private const int SmallestPageSize = 512;
    private const int FrameHeaderSize = 24;

    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private string? _logPath;
    private long _limitBytes = Limit(checkpointPages, SmallestPageSize);
    private bool _pageSizeKnown;
    private int _running;
    private long _notBefore;
    private int _failures;

    /// <summary>Starts watching the log of <paramref name="databaseFile"/>, the file SQLite opened.</summary>
    public void Watch(string databaseFile) => _logPath = databaseFile + "-wal";

    /// <summary>After a commit: restarts the log when it is past the limit. Never throws; a failure leaves the log as it was.</summary>
    public void AfterCommit()
    {
        if (_logPath is not { } logPath || Environment.TickCount64 < Volatile.Read(ref _notBefore) || LogLength(logPath) <= Volatile.Read(ref _limitBytes))
        {
            return;
        }

        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        try
        {
            if (Restart(logPath))
            {
                _failures = 0;
            }
            else
            {
                var wait = Math.Min(RetryAfterMilliseconds << Math.Min(_failures, 5), LongestRetryAfterMilliseconds);
                _failures++;
                Volatile.Write(ref _notBefore, Environment.TickCount64 + wait);
            }
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Whether the log was restarted (or found within the limit once the page size was known).</summary>
    private bool Restart(string logPath)
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            if (!_pageSizeKnown)
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA page_size";
                Volatile.Write(ref _limitBytes, Limit(checkpointPages, Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture)));
                _pageSizeKnown = true;
                if (LogLength(logPath) <= _limitBytes)
                {
                    return true;
                }
            }

            return SqliteTruncateCheckpoint.Run(connection, WaitMilliseconds);
        }
        catch (SqliteException)
        {
            // Busy past the wait, or a read-only file: the log stays as it is, intact; a later commit tries again.
            return false;
        }
    }

    private static long Limit(int pages, int pageSize) => 32 + (2L * pages * (pageSize + FrameHeaderSize));

    private static long LogLength(string logPath)
    {
        try
        {
            var log = new FileInfo(logPath);
            return log.Exists ? log.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
