namespace AuditTrail;

/// <summary>
/// The durable local spool that keeps fail-open events while the store cannot take them
/// (<see cref="AuditFailurePolicy.FailOpen"/>). <see cref="ReplayInterval"/> is the pipeline's;
/// <see cref="Directory"/> and <see cref="MaxSizeBytes"/> are read by the file spool of the AuditTrail.Spool
/// package (<c>UseFileSpool()</c>, which the SQLite, PostgreSQL and SQL Server stores register).
/// </summary>
public sealed class AuditSpoolOptions
{
    /// <summary>The default of <see cref="MaxSizeBytes"/>: 1 GiB.</summary>
    public const long DefaultMaxSizeBytes = 1L << 30;

    /// <summary>
    /// The directory of the spool files, created (owner-only on Unix) when first needed. <see langword="null"/> (the
    /// default) lets the registered spool choose: <c>UseSqlite</c> puts it beside the database, in
    /// <c>{database file}.spool</c>; with the file spool of any other store (<c>UseNpgsql</c>, <c>UseSqlServer</c>,
    /// <c>UseStore(...).UseFileSpool()</c>) it is a directory of this application under the per-user local
    /// application data folder (see the AuditTrail.Spool package). Setting it without a registered spool
    /// (<c>UseFileSpool()</c>) fails the options validation at start. Give each application its own directory or
    /// share one: processes that share a directory each write their own lane (a sub-directory locked while the
    /// process runs), and a starting process replays the lanes that stopped processes left behind.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// <see langword="true"/> runs without a spool on purpose, whatever the store would choose: while the store fails,
    /// durable callers of fail-open events then get <see cref="AuditWriteException"/> (after the retries) as fail-closed
    /// ones do, and buffered events are kept in memory and retried. Default <see langword="false"/>. Cannot be combined
    /// with <see cref="Directory"/>.
    /// </summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The most bytes the spool files of this process may hold; beyond it, spooling fails (the health check
    /// reports Unhealthy) and the fail-open events are treated as when the spool cannot be written.
    /// Default <see cref="DefaultMaxSizeBytes"/>; 1 MiB to 1 TiB.
    /// </summary>
    public long MaxSizeBytes { get; set; } = DefaultMaxSizeBytes;

    /// <summary>
    /// While the spool holds events and no new event arrives, how often the writer tries to replay them into the
    /// store. A new event always tries first. Default 5 seconds; 10 milliseconds to 1 hour.
    /// </summary>
    public TimeSpan ReplayInterval { get; set; } = TimeSpan.FromSeconds(5);
}
