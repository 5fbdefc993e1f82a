using System.Data.Common;

namespace AuditTrail;

/// <summary>
/// Asks the registered <see cref="IAuditWriteErrorClassifier"/>s, then the built-in rules, whether a store's write
/// failure is worth retrying. Only <see cref="AuditWriteErrorKind.Persistent"/> stops the retries early.
/// </summary>
internal sealed class AuditWriteErrorClassification(IEnumerable<IAuditWriteErrorClassifier> classifiers)
{
    // errno values, which .NET reports as the HResult of an IOException on Linux and macOS.
    private const int NoSpaceLeft = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceededLinux = 122;
    private const int QuotaExceededMac = 69;

    // Windows HRESULTs: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL, ERROR_WRITE_PROTECT.
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFull = unchecked((int)0x80070070);
    private const int WriteProtect = unchecked((int)0x80070013);

    private readonly IAuditWriteErrorClassifier[] _classifiers = [.. classifiers];

    public AuditWriteErrorKind Classify(Exception exception)
    {
        // A store that adds context (a failed schema migration names the table and the step) keeps the database's
        // error as the inner exception: a read-only or full database stays persistent, a busy one transient.
        var kind = ClassifyOne(exception);
        return kind == AuditWriteErrorKind.Unknown && exception.InnerException is { } inner ? Classify(inner) : kind;
    }

    private AuditWriteErrorKind ClassifyOne(Exception exception)
    {
        foreach (var classifier in _classifiers)
        {
            var kind = classifier.Classify(exception);
            if (kind != AuditWriteErrorKind.Unknown)
            {
                return kind;
            }
        }

        return exception switch
        {
            DbException { IsTransient: true } => AuditWriteErrorKind.Transient,
            TimeoutException => AuditWriteErrorKind.Transient,
            UnauthorizedAccessException => AuditWriteErrorKind.Persistent,
            IOException io when IsOutOfSpaceOrReadOnly(io.HResult) => AuditWriteErrorKind.Persistent,
            IOException => AuditWriteErrorKind.Transient,
            _ => AuditWriteErrorKind.Unknown,
        };
    }

    /// <summary>Whether an I/O error says the disk is full or read-only: retrying soon cannot help.</summary>
    public static bool IsOutOfSpaceOrReadOnly(int hresult) =>
        hresult is NoSpaceLeft or ReadOnlyFileSystem or QuotaExceededLinux or QuotaExceededMac or HandleDiskFull or DiskFull or WriteProtect;
}
