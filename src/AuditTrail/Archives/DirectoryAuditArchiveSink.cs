using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Keeps segments as files in a folder: <c>{segment}.jsonl.gz</c> and <c>{segment}.jsonl.gz.manifest.json</c>. Each file
/// is written to a temporary name, flushed to disk, renamed and synced again under its name, the segment before its
/// manifest, so a crash leaves either a whole sealed segment or a segment without a manifest (which
/// <see cref="ListAsync"/> does not list and the next write of the same range replaces), never half a segment under its
/// final name, and a power loss after the write returns does not undo the rename.
/// </summary>
public sealed class DirectoryAuditArchiveSink : IAuditArchiveSink
{
    /// <summary>Creates the sink; the folder is created at the first write.</summary>
    /// <param name="directory">The folder.</param>
    public DirectoryAuditArchiveSink(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public async Task WriteAsync(AuditArchiveManifest manifest, Stream segment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(segment);
        if (Path.GetFileName(manifest.Segment) != manifest.Segment || !manifest.Segment.EndsWith(AuditArchiveManifest.SegmentExtension, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The segment name '{manifest.Segment}' is not a file name ending in {AuditArchiveManifest.SegmentExtension}.", nameof(manifest));
        }

        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, manifest.Segment);
        await WriteDurablyAsync(path, stream => segment.CopyToAsync(stream, cancellationToken), cancellationToken).ConfigureAwait(false);
        await WriteDurablyAsync(
            path + AuditArchiveManifest.ManifestExtension,
            stream => JsonSerializer.SerializeAsync(stream, manifest, AuditJsonContext.Default.AuditArchiveManifest, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<string> names = System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*" + AuditArchiveManifest.SegmentExtension + AuditArchiveManifest.ManifestExtension)
                .Select(path => Path.GetFileName(path)[..^AuditArchiveManifest.ManifestExtension.Length])
                .Order(StringComparer.Ordinal)]
            : [];
        return Task.FromResult(names);
    }

    /// <inheritdoc />
    public Task<Stream> OpenSegmentAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(File.OpenRead(PathOf(name)));

    /// <inheritdoc />
    public Task<Stream> OpenManifestAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(File.OpenRead(PathOf(name) + AuditArchiveManifest.ManifestExtension));

    private string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.GetFileName(name) == name
            ? Path.Combine(Directory, name)
            : throw new ArgumentException($"The segment name '{name}' is not a file name.", nameof(name));
    }

    private static async Task WriteDurablyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        try
        {
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        SyncRename(path);
    }

    /// <summary>
    /// Makes the rename to <paramref name="path"/> survive a power loss before the records it holds are purged. .NET
    /// cannot sync a directory without a native call, which this package does not make; the rename changed the file's
    /// inode, though, and a sync of the file commits the file system's journal that holds the rename with it (ext4,
    /// XFS, btrfs; NTFS journals the rename with the file's metadata).
    /// </summary>
    private static void SyncRename(string path)
    {
        using var renamed = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        renamed.Flush(flushToDisk: true);
    }
}
