namespace AuditTrail.Sqlite;

/// <summary>How far the search index of a SQLite audit store is (see <see cref="SqliteAuditStore.GetSearchIndexStatusAsync"/>).</summary>
/// <param name="FilePath">
/// The file that holds the search index, <c>{database file}-fts</c> (schema v5 kept it inside the database file, and
/// v4 in <c>{database file}-search</c>, which the store deletes once it has migrated the database).
/// </param>
/// <param name="IndexedThroughSequence">Every row with a sequence number up to this one is indexed (or purged); 0 when none is.</param>
/// <param name="LatestSequence">The sequence number of the newest row of the audit table; 0 when it has none.</param>
/// <param name="LastBackgroundError">
/// Why the latest background indexing pass failed, or <see langword="null"/> when it succeeded or none ran. Search stays
/// exact meanwhile; the next commit retries.
/// </param>
public sealed record SqliteSearchIndexStatus(string FilePath, long IndexedThroughSequence, long LatestSequence, Exception? LastBackgroundError)
{
    /// <summary>Rows that search matches with <c>LIKE</c> because the index does not cover them yet.</summary>
    public long UnindexedRows => Math.Max(0, LatestSequence - IndexedThroughSequence);
}
