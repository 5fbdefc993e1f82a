using System.Runtime.InteropServices;

namespace AuditTrail.Spool;

/// <summary>
/// Syncs a directory, so that a file just created in it survives a power loss (POSIX leaves this to the caller).
/// The reason this package, and not the core, holds the spool: .NET has no directory sync, so it calls libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int InvalidArgument = 22;
    private const int NotSupportedLinux = 95;
    private const int NotSupportedMac = 45;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS journals the directory entry with the file's metadata; there is no directory handle to sync.
            return;
        }

        var descriptor = Open(directory, 0);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open the directory '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            // EINVAL and ENOTSUP mean the file system has no directory sync (some network and FUSE file systems);
            // there is nothing more to do there, so only other errors fail the append.
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var errno && errno is not (InvalidArgument or NotSupportedLinux or NotSupportedMac))
            {
                throw new IOException($"Could not sync the directory '{directory}' (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
