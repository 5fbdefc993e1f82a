namespace AuditTrail.Samples.Console;

/// <summary>
/// A path with its symbolic links resolved, in the file and in every folder of it, so that a link to the database
/// (or to a folder above it) is seen to be the database: writing the CSV through it would replace the trail.
/// </summary>
internal static class RealPath
{
    /// <summary>Links followed at most (Linux's MAXSYMLINKS): a cycle of links ends there.</summary>
    private const int MaxLinks = 40;

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
