namespace AuditTrail;

/// <summary>
/// Where the write pipeline sets aside <see cref="AuditFailurePolicy.FailOpen"/> events that the store cannot take,
/// and from where it replays them, in order, once the store recovers. The core package has none; register one with
/// <see cref="Microsoft.Extensions.DependencyInjection.AuditSpoolBuilderExtensions.UseSpool"/>. The AuditTrail.Spool package's <c>UseFileSpool()</c> registers
/// the durable file spool at <see cref="AuditSpoolOptions.Directory"/>, and the SQLite, PostgreSQL and SQL Server
/// stores register it for you.
/// </summary>
/// <remarks>
/// <para>
/// The pipeline's single writer calls <see cref="OpenAsync"/>, <see cref="AppendAsync"/> and <see cref="ReplayAsync"/>,
/// never two at a time; <see cref="PendingEvents"/> is read from any thread (metrics, health check). The writer
/// disposes the spool when it stops.
/// </para>
/// <para>
/// The pipeline relies on this contract: <see cref="AppendAsync"/> returns only once the records would survive a
/// crash or power loss (the callers of fail-open events are released then), and throws when they cannot be kept;
/// <see cref="ReplayAsync"/> hands over every record set aside, oldest first, forgets each batch once its write
/// returned, and stops at the first failed write, where the next call resumes. A record may be handed over again
/// after a crash; the stores are idempotent by <see cref="AuditRecord.Id"/>.
/// </para>
/// </remarks>
public interface IAuditSpool : IDisposable
{
    /// <summary>Where the spool keeps its events (for the file spool, its directory): named in logs, failure reports, the health check and the <c>audit.started</c> event.</summary>
    string Location { get; }

    /// <summary>How many events wait in the spool, as far as known.</summary>
    long PendingEvents { get; }

    /// <summary>Prepares the spool and finds what an earlier run left in it; idempotent. A failure here is reported, and <see cref="AppendAsync"/> tries again.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>A task that completes once the spool is open.</returns>
    Task OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the records aside durably; when the task completes they survive a crash or power loss.</summary>
    /// <param name="records">The records, in the order they were accepted.</param>
    /// <param name="cancellationToken">Cancels the append; the pipeline passes none, since an append at shutdown must finish.</param>
    /// <returns>A task that completes once the records are durable.</returns>
    Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands every record set aside to <paramref name="write"/>, oldest first, in batches of at most
    /// <paramref name="batchSize"/>, forgetting each batch once its write returned. Stops at the first failed write
    /// and rethrows its exception; the next call resumes with the first batch not written.
    /// </summary>
    /// <param name="write">Commits a batch to the store.</param>
    /// <param name="batchSize">The most records in one batch.</param>
    /// <param name="cancellationToken">Stops the replay between batches.</param>
    /// <returns>How many records were written.</returns>
    Task<int> ReplayAsync(Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks again, after the spool opened, for what other processes set aside and left behind since (the file spool:
    /// the lanes of processes that stopped meanwhile, as in a rolling deployment): it counts in <see cref="PendingEvents"/>
    /// and is handed over by the next <see cref="ReplayAsync"/>. Does nothing before the
    /// spool opened, whose opening finds it. The pipeline calls it at most once every replay interval; the default
    /// implementation finds nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the look.</param>
    /// <returns>A task that completes once the look is done.</returns>
    Task FindLeftBehindAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
