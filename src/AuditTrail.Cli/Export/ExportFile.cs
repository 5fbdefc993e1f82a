using System.Text;

namespace AuditTrail.Cli.Export;

/// <summary>
/// The file of <c>--out</c>, written under a temporary name beside it and moved into place only once complete, so
/// that a failed export neither damages an existing file nor leaves a partial one. An existing file is replaced only
/// with <c>--force</c>.
/// </summary>
internal sealed class ExportFile : IDisposable
{
    /// <summary>The longest file name, in UTF-8 bytes, that the common file systems take (ext4, XFS, APFS: 255 bytes; NTFS: 255 UTF-16 units).</summary>
    private const int MaxNameBytes = 255;

    private readonly bool _replace;
    private bool _committed;

    private ExportFile(string path, bool replace)
    {
        Path = path;
        _replace = replace;
        TemporaryPath = System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!,
            TemporaryName(System.IO.Path.GetFileName(path), Guid.CreateVersion7()));
    }

    /// <summary>The file to write, as given.</summary>
    public string Path { get; }

    /// <summary>Where the export is written until it is complete.</summary>
    public string TemporaryPath { get; }

    /// <summary>
    /// Checks <paramref name="path"/> (not blank: <c>--out</c> refuses that when it is parsed) before anything is read or written. <paramref name="storePath"/> is the SQLite store
    /// read, whose files (the database, the files SQLite and the search index keep beside it) are never replaced.
    /// </summary>
    /// <exception cref="CliUsageException">It is a directory or one of the store's files, its folder is missing, or it exists and <paramref name="replace"/> is not set.</exception>
    public static ExportFile Check(string path, bool replace, string? storePath = null)
    {
        if (ExportStoreFiles.IsStoreFile(path, storePath))
        {
            throw new CliUsageException($"Option --out: '{path}' is a file of the store given as --sqlite; give another file.");
        }

        if (Directory.Exists(path))
        {
            throw new CliUsageException($"Option --out: '{path}' is a directory; give the file to write.");
        }

        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
        {
            throw new CliUsageException($"Option --out: the folder of '{path}' does not exist.");
        }

        if (File.Exists(path) && !replace)
        {
            throw new CliUsageException($"Option --out: '{path}' exists already; give --force to replace it, or another file.");
        }

        return new ExportFile(path, replace);
    }

    /// <summary>
    /// The name of the temporary file: <c>.{name}.{id}.tmp</c>, the name cut (never inside a character) so that the
    /// whole stays within <see cref="MaxNameBytes"/>: a valid <c>--out</c> name near the limit must not fail for its temporary file.
    /// </summary>
    internal static string TemporaryName(string name, Guid id)
    {
        var suffix = $".{id:N}.tmp";
        var budget = MaxNameBytes - 1 - suffix.Length;
        var kept = 0;
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            kept += rune.Utf16SequenceLength;
        }

        return new StringBuilder(1 + kept + suffix.Length).Append('.').Append(name, 0, kept).Append(suffix).ToString();
    }

    /// <summary>Creates the temporary file; a failure to create or write it names <c>--out</c> (<see cref="ExportOutStream"/>).</summary>
    /// <exception cref="CliUsageException">The temporary file cannot be created in the folder of <c>--out</c>.</exception>
    public Stream Create()
    {
        try
        {
            return new ExportOutStream(
                new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, useAsync: true),
                this);
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(ex);
        }
    }

    /// <summary>Moves the complete export into place.</summary>
    /// <exception cref="CliUsageException">It could not be moved.</exception>
    public void Commit()
    {
        try
        {
            File.Move(TemporaryPath, Path, overwrite: _replace);
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            throw Failed(ex);
        }

        _committed = true;
    }

    /// <summary>
    /// Deletes the temporary file unless it was moved into place. It runs while a failure unwinds, so a file system that
    /// refuses the deletion too (its folder gone) must not replace that failure: the hidden <c>.tmp</c> name never passes
    /// for a complete export.
    /// </summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        try
        {
            File.Delete(TemporaryPath);
        }
        catch (Exception ex) when (IsFileError(ex))
        {
            // Nothing to report it to: the failure that stopped the export is the one the user must see.
        }
    }

    /// <summary>The file system's refusals: no such folder, no permission, a full disk, a name too long, an I/O error.</summary>
    internal static bool IsFileError(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException;

    /// <summary>
    /// A failure of the file system while writing <c>--out</c>, as a usage error that names the option and the file given,
    /// not the temporary file behind it nor the exception's type.
    /// </summary>
    internal CliUsageException Failed(Exception ex)
    {
        var full = System.IO.Path.GetFullPath(Path);
        var reason = ex.Message.Replace(TemporaryPath, full, StringComparison.Ordinal).TrimEnd('.');
        return new CliUsageException($"Option --out: could not write '{Path}': {reason}.");
    }
}
