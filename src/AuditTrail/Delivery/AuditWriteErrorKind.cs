namespace AuditTrail;

/// <summary>Whether a failed store write may succeed when the same batch is retried shortly after.</summary>
public enum AuditWriteErrorKind
{
    /// <summary>The classifier does not know; the pipeline retries it (retries are bounded and never duplicate rows).</summary>
    Unknown = 0,

    /// <summary>It may pass: a busy or locked database, a dropped connection, a timeout, an I/O hiccup. Retried with backoff and jitter.</summary>
    Transient = 1,

    /// <summary>
    /// Retrying soon will not help: a full disk or database, a read-only or corrupt database, a permission
    /// error. The failure policy applies at once.
    /// </summary>
    Persistent = 2,
}
