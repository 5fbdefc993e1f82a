using System.Globalization;

namespace AuditTrail.Spool;

/// <summary>
/// Spool directories only their owner may enter: created with mode 0700 on Unix (on Windows the per-user folders
/// already are private, and a created directory inherits its parent's access list), and checked for write access of
/// group or others, through which another account could add events to the trail or remove spooled ones.
/// </summary>
internal static class OwnerOnlyDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and its missing parents, each owner-only; an existing directory keeps its mode.</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last directory only, its missing parents get the
        // default (0755 under the usual umask): create them one by one, outermost first.
        var missing = new Stack<string>();
        for (var directory = Path.GetFullPath(path); !string.IsNullOrEmpty(directory) && !Directory.Exists(directory); directory = Path.GetDirectoryName(directory))
        {
            missing.Push(directory);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory, OwnerOnly);
        }
    }

    /// <summary>The mode of <paramref name="path"/> in octal (<c>0777</c>) when group or others may write to it; otherwise, or on Windows, <see langword="null"/>.</summary>
    public static string? SharedWriteMode(string path)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0
            ? null
            : "0" + Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
    }
}
