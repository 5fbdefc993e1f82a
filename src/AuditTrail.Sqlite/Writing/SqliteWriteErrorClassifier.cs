using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>
/// SQLite's result codes for the write pipeline: a busy or locked database and I/O errors may pass on a retry; a full
/// or read-only database, corruption and permission errors will not, so the failure policy applies at once.
/// </summary>
internal sealed class SqliteWriteErrorClassifier : IAuditWriteErrorClassifier
{
    // https://www.sqlite.org/rescode.html (primary codes; SqliteErrorCode holds the primary code).
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int Protocol = 15;
    private const int TooBig = 18;
    private const int Constraint = 19;
    private const int Mismatch = 20;
    private const int Auth = 23;
    private const int NotADatabase = 26;

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED: another connection held the lock past the busy timeout.</summary>
    public static bool IsBusy(Exception exception) => exception is SqliteException { SqliteErrorCode: Busy or Locked };

    public AuditWriteErrorKind Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: Busy or Locked or IoErr or Protocol } => AuditWriteErrorKind.Transient,
        SqliteException { SqliteErrorCode: Full or ReadOnly or Corrupt or NotADatabase or Perm or Auth or TooBig or Constraint or Mismatch } => AuditWriteErrorKind.Persistent,
        _ => AuditWriteErrorKind.Unknown,
    };
}
