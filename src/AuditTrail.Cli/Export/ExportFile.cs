namespace AuditTrail.Cli.Export;

/// <summary>
/// The file of <c>--out</c>, written under a temporary name beside it and moved into place only once complete, so
/// that a failed export neither damages an existing file nor leaves a partial one. An existing file is replaced only
/// with <c>--force</c>.
/// </summary>
internal sealed class ExportFile : IDisposable
{
    private readonly bool _replace;
    private bool _committed;

    private ExportFile(string path, bool replace)
    {
        Path = path;
        _replace = replace;
        TemporaryPath = System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!,
            $".{System.IO.Path.GetFileName(path)}.{Guid.CreateVersion7():N}.tmp");
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

    /// <summary>Creates the temporary file.</summary>
    public FileStream Create() => new(TemporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, useAsync: true);

    /// <summary>Moves the complete export into place.</summary>
    public void Commit()
    {
        File.Move(TemporaryPath, Path, overwrite: _replace);
        _committed = true;
    }

    /// <summary>Deletes the temporary file unless it was moved into place.</summary>
    public void Dispose()
    {
        if (!_committed)
        {
            File.Delete(TemporaryPath);
        }
    }
}
