namespace AuditTrail;

/// <summary>
/// A store whose rows other sessions can read a moment before their commit is durable (PostgreSQL: a batch commits
/// without waiting for its WAL flush, which the write then waits for). The feed calls <see cref="FlushCommittedAsync"/>
/// after each read and before it hands the rows to a consumer, so a consumer never passes on a row that a crash of
/// the database server could still take away. A store whose commits are durable once visible does not implement it.
/// </summary>
public interface IAuditCommitFlush
{
    /// <summary>
    /// Returns once every commit that a read started before the call could see is as durable as the database makes a
    /// synchronous commit (flushed, and confirmed by synchronous standbys when they are configured).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; the rows are then not known to be durable.</param>
    Task FlushCommittedAsync(CancellationToken cancellationToken = default);
}
