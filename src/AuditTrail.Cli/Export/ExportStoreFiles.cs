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

    /// <summary>Links followed at most, as Linux's MAXSYMLINKS: a cycle of links ends there rather than recursing forever.</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The path with every symbolic link resolved, in any folder of it (not only the last) and in the file itself, so
    /// that <c>up/store/audit.db</c> with <c>up</c> a link to the store's parent is seen to be the store.
    /// </summary>
    private static string Resolve(string path) => Resolve(path, 0);

    private static string Resolve(string path, int links)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null)
        {
            full = Path.Combine(RealFolder(folder, ref links), Path.GetFileName(full));
        }

        var file = new FileInfo(full);
        if (file.LinkTarget is not null && links < MaxLinks && file.ResolveLinkTarget(returnFinalTarget: false) is { } target)
        {
            return Resolve(target.FullName, links + 1);
        }

        return full;
    }

    /// <summary>The folder with each of its links resolved, from the root down; the part that does not exist is kept as given.</summary>
    private static string RealFolder(string folder, ref int links)
    {
        var root = Path.GetPathRoot(folder) ?? string.Empty;
        var current = root;
        foreach (var part in folder[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (part.Length == 0)
            {
                continue;
            }

            current = Path.Combine(current, part);
            var directory = new DirectoryInfo(current);
            if (directory.LinkTarget is not null && links < MaxLinks && directory.ResolveLinkTarget(returnFinalTarget: false) is { } target)
            {
                links++;
                current = RealFolder(Path.GetFullPath(target.FullName), ref links);
            }
        }

        return current;
    }
}
