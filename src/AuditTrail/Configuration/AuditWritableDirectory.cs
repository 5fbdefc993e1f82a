namespace AuditTrail;

/// <summary>The start-up check of a folder that files will be written to (checkpoints, archive segments).</summary>
internal static class AuditWritableDirectory
{
    /// <summary>
    /// Creates the folder as its sink would and writes a probe file in it, so that a folder that cannot be written to
    /// stops the start; returns what is wrong, or <see langword="null"/>.
    /// </summary>
    public static string? Problem(string directory)
    {
        try
        {
            var path = Path.GetFullPath(directory);
            Directory.CreateDirectory(path);

            // Creating an existing folder succeeds on a read-only file system: only a write shows that files would be kept.
            using (new FileStream(Path.Combine(path, $".probe-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot be created or written: {ex.Message.TrimEnd('.')}";
        }
    }
}
