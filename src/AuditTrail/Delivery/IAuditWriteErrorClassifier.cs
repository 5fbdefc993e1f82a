namespace AuditTrail;

/// <summary>
/// Tells the write pipeline whether a store's write failure is worth retrying. Store packages register one for
/// their database's errors (<c>UseSqlite</c> does); register your own as a singleton to add rules. The first
/// classifier that answers something other than <see cref="AuditWriteErrorKind.Unknown"/> decides; after them,
/// built-in rules recognise <see cref="System.Data.Common.DbException.IsTransient"/>, timeouts, full disks and
/// permission errors; anything still unknown is retried.
/// </summary>
public interface IAuditWriteErrorClassifier
{
    /// <summary>Classifies an exception that <see cref="IAuditSink.WriteAsync"/> threw.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The kind of failure, or <see cref="AuditWriteErrorKind.Unknown"/>.</returns>
    AuditWriteErrorKind Classify(Exception exception);
}
