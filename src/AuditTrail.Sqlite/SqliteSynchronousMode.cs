namespace AuditTrail.Sqlite;

/// <summary>How hard SQLite works to make a commit survive a crash; the <c>PRAGMA synchronous</c> setting in WAL mode.</summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// The default: every commit is synced to disk before it completes. A committed audit record survives
    /// a process crash and a power loss or operating-system crash. Costs one fsync per transaction, which
    /// the write pipeline amortizes by committing events in batches.
    /// </summary>
    Full = 0,

    /// <summary>
    /// Syncs only at WAL checkpoints. Faster, and still safe against a process crash and corruption, but
    /// after a power loss or operating-system crash the most recent commits can be missing: audit records
    /// whose write already completed can be lost. Choose it only when that loss is acceptable.
    /// </summary>
    Normal = 1,
}
