namespace AuditTrail.Cli.Stats;

/// <summary>What <c>audittrail stats</c> reports about a store.</summary>
/// <param name="Store">Which store: <c>sqlite</c> or <c>postgres</c>.</param>
/// <param name="Rows">The rows of the audit table.</param>
/// <param name="Size">The store's size on disk, in parts (SQLite: each file; PostgreSQL: each table with its indexes).</param>
/// <param name="Oldest">The earliest <see cref="AuditRecord.OccurredAt"/>, or <see langword="null"/> when empty.</param>
/// <param name="Newest">The latest <see cref="AuditRecord.OccurredAt"/>, or <see langword="null"/> when empty.</param>
/// <param name="HeadSequence">The chain head's sequence number (0 when nothing was written).</param>
/// <param name="AnchorSequence">The retention anchor's sequence number (0 when nothing was purged).</param>
/// <param name="ByActionType">Rows per action type, most first.</param>
/// <param name="ByActionPrefix">Rows per action code prefix (the part before the first dot), most first, the top N.</param>
/// <param name="SearchIndex">How far the search index is built.</param>
/// <param name="Spool">The spool's pending files, or <see langword="null"/> when no spool directory was given or found.</param>
internal sealed record StoreStats(
    string Store,
    long Rows,
    IReadOnlyList<StatsCount> Size,
    DateTimeOffset? Oldest,
    DateTimeOffset? Newest,
    long HeadSequence,
    long AnchorSequence,
    IReadOnlyList<StatsCount> ByActionType,
    IReadOnlyList<StatsCount> ByActionPrefix,
    SearchIndexStats SearchIndex,
    SpoolStats? Spool)
{
    /// <summary>The total size in bytes.</summary>
    public long SizeBytes => Size.Sum(part => part.Count);
}

/// <summary>A named count: rows of a category, or bytes of a file.</summary>
/// <param name="Name">The category or file.</param>
/// <param name="Count">The count.</param>
internal sealed record StatsCount(string Name, long Count);

/// <summary>How far the search index is built.</summary>
/// <param name="IndexedThroughSequence">Every row up to this sequence number is indexed.</param>
/// <param name="LatestSequence">The newest row's sequence number.</param>
internal sealed record SearchIndexStats(long IndexedThroughSequence, long LatestSequence)
{
    /// <summary>Rows search matches without the index because it does not cover them yet.</summary>
    public long UnindexedRows => Math.Max(0, LatestSequence - IndexedThroughSequence);
}

/// <summary>The spool's pending segments: events accepted while the store was unreachable, not yet written to it.</summary>
/// <param name="Directory">The spool directory.</param>
/// <param name="PendingFiles">The segment files waiting to be replayed.</param>
/// <param name="PendingBytes">Their total size.</param>
internal sealed record SpoolStats(string Directory, long PendingFiles, long PendingBytes)
{
    /// <summary>The file name extension of a spool segment (that of AuditTrail.Spool's FileAuditSpool).</summary>
    public const string SegmentExtension = ".spool";

    /// <summary>The segments under <paramref name="directory"/> (in its <c>lane-*</c> folders), or <see langword="null"/> when it does not exist.</summary>
    public static SpoolStats? Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return null;
        }

        var files = new DirectoryInfo(directory).EnumerateFiles("*" + SegmentExtension, SearchOption.AllDirectories).ToList();
        return new SpoolStats(Path.GetFullPath(directory), files.Count, files.Sum(file => file.Length));
    }
}
