namespace AuditTrail.Cli.Export;

/// <summary>The files of a SQLite store that an export must never replace: the database, its journal, write-ahead log and shared memory, and the same of its search index (<c>{database}-fts</c>).</summary>
internal static class ExportStoreFiles
{
    private static readonly string[] Suffixes =
        [string.Empty, "-wal", "-shm", "-journal", "-fts", "-fts-wal", "-fts-shm", "-fts-journal"];

    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether <paramref name="path"/> names one of the files of the store at <paramref name="storePath"/>, after resolving relative parts and symbolic links.</summary>
    public static bool IsStoreFile(string path, string? storePath)
    {
        if (storePath is null)
        {
            return false;
        }

        var target = Resolve(path);
        var store = Resolve(storePath);
        return Suffixes.Any(suffix => string.Equals(target, store + suffix, PathComparison)
            || string.Equals(target, Resolve(store + suffix), PathComparison));
    }

    private static string Resolve(string path) => RealPath.Of(path);
}
