namespace AuditTrail.Sqlite;

/// <summary>
/// The start-up check of the folder a new database file goes in: it is created, as the store would create it, and
/// written to, so that a path whose file cannot be created stops the start naming
/// <see cref="SqliteAuditStoreOptions.DatabasePath"/>, rather than the spool that the store puts beside it.
/// </summary>
internal static class SqliteDatabaseFolder
{
    /// <summary>What keeps the file at <paramref name="databasePath"/> from being created, or <see langword="null"/>.</summary>
    public static string? Problem(string databasePath)
    {
        string? folder = null;
        try
        {
            var file = Path.GetFullPath(databasePath);
            if (File.Exists(file))
            {
                return null;
            }

            folder = Path.GetDirectoryName(file);
            if (string.IsNullOrEmpty(folder))
            {
                return null;
            }

            Directory.CreateDirectory(folder);

            // Creating an existing folder succeeds on a read-only file system: only a write shows that the file can be made.
            using (new FileStream(Path.Combine(folder, $".probe-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return folder is null
                ? $"which is not a usable path: {ex.Message.TrimEnd('.')}"
                : $"whose folder '{folder}' cannot be created or written: {ex.Message.TrimEnd('.')}";
        }
    }
}
