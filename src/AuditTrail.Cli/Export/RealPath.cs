namespace AuditTrail.Cli.Export;

/// <summary>
/// A path with every symbolic link resolved, in any folder of it (not only the last) and in the file itself, so that
/// <c>up/store/audit.db</c> with <c>up</c> a link to the store's parent is seen to be the store: writing through such a
/// path would replace the trail. The console sample compiles this file too (its <c>--export</c> check).
/// </summary>
internal static class RealPath
{
    /// <summary>Links followed at most, as Linux's MAXSYMLINKS: a cycle of links ends there rather than recursing forever.</summary>
    private const int MaxLinks = 40;

    /// <summary>The full path of <paramref name="path"/> with its links resolved; a part that does not exist is kept as given.</summary>
    public static string Of(string path) => Of(path, 0);

    private static string Of(string path, int links)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (folder is not null)
        {
            full = Path.Combine(Folder(folder, ref links), Path.GetFileName(full));
        }

        var file = new FileInfo(full);
        return file.LinkTarget is not null && links < MaxLinks && file.ResolveLinkTarget(returnFinalTarget: false) is { } target
            ? Of(target.FullName, links + 1)
            : full;
    }

    /// <summary>The folder with each of its links resolved, from the root down.</summary>
    private static string Folder(string folder, ref int links)
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
                current = Folder(Path.GetFullPath(target.FullName), ref links);
            }
        }

        return current;
    }
}
