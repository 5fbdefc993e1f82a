namespace AuditTrail.Sqlite;

/// <summary>
/// Options of the SQLite audit store, set through <c>UseSqlite(...)</c> and validated at start; every
/// invalid value is reported at once, by option name.
/// </summary>
public sealed class SqliteAuditStoreOptions
{
    /// <summary>The default of <see cref="TableName"/>: <c>audit_events</c>.</summary>
    public const string DefaultTableName = "audit_events";

    /// <summary>
    /// The smallest <see cref="MaxDatabaseSizeBytes"/>: 256 KiB. The schema with every migration takes about 124 KiB
    /// (4 KiB pages), so this leaves as much again for records.
    /// </summary>
    public const long MinDatabaseSizeBytes = 256 * 1024;

    /// <summary>The largest <see cref="BusyTimeout"/>: 1 hour.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromHours(1);

    /// <summary>
    /// The path of the database file, created with its directory when missing. Set this or
    /// <see cref="ConnectionString"/>, not both. In-memory databases are refused: they would lose the trail.
    /// </summary>
    public string? DatabasePath { get; set; }

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string, for settings <see cref="DatabasePath"/> cannot express
    /// (for example a URI file name). Set this or <see cref="DatabasePath"/>, not both. Its <c>Default Timeout</c>
    /// is replaced by one derived from <see cref="BusyTimeout"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// When a commit counts as done: <see cref="SqliteSynchronousMode.Full"/> (the default) survives power loss;
    /// <see cref="SqliteSynchronousMode.Normal"/> is faster but can lose the latest committed records on power
    /// loss or an operating-system crash (never on a mere process crash).
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How long a statement waits for another connection or process holding the database lock before it
    /// fails with "database is locked". Default 5 seconds; 0 to <see cref="MaxBusyTimeout"/>. It sets SQLite's
    /// <c>busy_timeout</c> and, rounded up to whole seconds (at least 1), the retry window of Microsoft.Data.Sqlite.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest size the database file may grow to, in bytes; <see langword="null"/> (the default) means no limit
    /// but the disk's. Applied as SQLite's <c>max_page_count</c> (rounded down to whole pages) on every connection the
    /// store opens. When a commit would pass it, the write fails with SQLite's "database or disk is full" (error 13),
    /// exactly as on a full disk: the events' failure policy applies at once, and writes resume once space is freed
    /// (a purge) or the limit is raised. A database already larger than the limit keeps its records but cannot grow.
    /// At least <see cref="MinDatabaseSizeBytes"/> when set. Reached while the store creates or updates its tables at
    /// start, the start fails with an <see cref="InvalidOperationException"/> naming this option.
    /// </summary>
    public long? MaxDatabaseSizeBytes { get; set; }

    /// <summary>The default of <see cref="WalCheckpointPages"/>: 10 000 pages (about 40 MB at SQLite's 4 KiB page size).</summary>
    public const int DefaultWalCheckpointPages = 10_000;

    /// <summary>
    /// How many pages the write-ahead log (<c>{database file}-wal</c>) may hold before the commit that passes it copies
    /// them into the database file (a checkpoint, which syncs the database file under <see cref="SqliteSynchronousMode.Full"/>).
    /// Applied as SQLite's <c>wal_autocheckpoint</c> on every connection the store opens. Default
    /// <see cref="DefaultWalCheckpointPages"/>; 1 to 1 000 000. SQLite's own default, 1 000, checkpoints ten times as
    /// often; a page that many commits change (the ends of the indexes) is then copied once per checkpoint instead of
    /// once per few commits, which made ingest about 40 % faster in the benchmarks (docs/performance.md). The costs:
    /// disk space, as the log file grows to about this many pages plus the largest transaction and keeps that size
    /// (up to twice this many under readers that never leave a gap, where the store restarts it with a <c>TRUNCATE</c> checkpoint);
    /// and latency, as the commit that passes the limit performs the checkpoint before it returns, so it is rarer but
    /// longer (up to this many pages copied, then a sync of the database file). Durability does not depend on it: a
    /// commit is durable once it is in the log.
    /// </summary>
    public int WalCheckpointPages { get; set; } = DefaultWalCheckpointPages;

    /// <summary>
    /// Whether the store indexes new rows for search in the background after commits, in transactions of its own that
    /// take the rows of many commits (the default), or only
    /// when <see cref="SqliteAuditStore.UpdateSearchIndexAsync"/> is called (for example by a scheduled job). Search
    /// results are the same either way: rows the index does not cover yet are matched with <c>LIKE</c>, which costs
    /// time in proportion to how many there are. Purges remove their rows from the index in both cases.
    /// </summary>
    public bool IndexSearchInBackground { get; set; } = true;

    /// <summary>
    /// The audit table. Default <see cref="DefaultTableName"/>. Letters, digits and underscores, not starting
    /// with a digit, at most 63 characters, and not starting with <c>sqlite_</c>. The store also creates indexes and a
    /// trigger named after it and the shared <c>audit_trail_schema</c> and <c>audit_trail_chain</c> tables, and, in the
    /// search index file <c>{database file}-search</c>, the full-text index <c>{TableName}_search</c>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// A copy of every setting, for the store to keep: the properties hold strings and values only, so a shallow copy is
    /// a full one (a test keeps it so), and a property added later is copied without being listed anywhere.
    /// </summary>
    internal SqliteAuditStoreOptions Copy() => (SqliteAuditStoreOptions)MemberwiseClone();
}
