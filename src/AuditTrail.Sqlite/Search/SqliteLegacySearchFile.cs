namespace AuditTrail.Sqlite.Search;

/// <summary>
/// The search index file of schema v4, <c>{database file}-search</c> (with its <c>-wal</c> and <c>-shm</c> files): once
/// the database is at schema v5 its index lives inside the database, and the old file only holds stale text (of
/// purged rows too), so it is deleted.
/// </summary>
internal static class SqliteLegacySearchFile
{
    /// <summary>The file name suffixes of the old index file and its WAL companions.</summary>
    private static readonly string[] Suffixes = ["-search", "-search-wal", "-search-shm", "-search-journal"];

    /// <summary>
    /// Deletes the old index files beside <paramref name="databaseFile"/>, if any. A file another process still holds
    /// open where that prevents deletion (Windows) is left for the next start.
    /// </summary>
    public static void Delete(string databaseFile)
    {
        if (string.IsNullOrEmpty(databaseFile))
        {
            return;
        }

        foreach (var suffix in Suffixes)
        {
            try
            {
                File.Delete(databaseFile + suffix);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Derived data only: nothing reads it any more.
            }
        }
    }
}
