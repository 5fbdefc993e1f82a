namespace AuditTrail;

/// <summary>
/// A store-wide lock that a purge holds for its whole run, from the check for an interrupted purge
/// (<see cref="AuditInterruptedPurge.FindAsync"/>) to its own <c>audit.purged</c> record, so that another purge on the
/// same store (another application instance's retention, the command line beside a host) neither takes its batches for
/// a killed purge's nor interleaves with them. The lock dies with its holder: a purge killed outright leaves it free,
/// and the next purge finds and records what it removed.
/// </summary>
/// <remarks>
/// The relational stores implement it: PostgreSQL with a session advisory lock, SQL Server with a session application
/// lock (<c>sp_getapplock</c>), each on a connection of its own that the server ends with the process; SQLite with an
/// OS lock on a file beside the database (<c>{database}-purge.lock</c>). Use it through
/// <see cref="AuditPurgeLocks.TryAcquireAsync"/>, which takes a store without it as unlocked.
/// </remarks>
public interface IAuditPurgeLock
{
    /// <summary>Takes the purge lock when no other purge on this store holds it; does not wait.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The held lock, released when disposed; or <see langword="null"/> when another purge holds it.</returns>
    Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default);
}
