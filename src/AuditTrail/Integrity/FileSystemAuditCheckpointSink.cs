using System.Globalization;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Keeps checkpoints as JSON files in a folder, one file each, named <c>{number:D10}-{kind}-{sequence}.json</c>
/// so that the write order is the name order. Files are written to a temporary name, flushed to disk and
/// renamed, so a crash never leaves a half-written checkpoint.
/// </summary>
public sealed class FileSystemAuditCheckpointSink : IAuditCheckpointSink, IAuditCheckpointSinkNewest
{
    private const string LockFileName = ".checkpoint-writer.lock";

    /// <summary>How old a <c>*.json.tmp</c> file must be before a write takes it for one a killed write left.</summary>
    private static readonly TimeSpan StaleTemporaryAge = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(10);
    private readonly Lock _writeLock = new();

    /// <summary>Creates the sink; the folder is created when missing.</summary>
    /// <param name="directory">The folder.</param>
    public FileSystemAuditCheckpointSink(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <inheritdoc />
    public Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();

        // Checkpoints are small and rare: a synchronous write under a lock keeps the numbering race-free.
        lock (_writeLock)
        {
            System.IO.Directory.CreateDirectory(Directory);
            DeleteStaleTemporaryFiles();
            var number = Files().Count + 1;
            var name = string.Create(CultureInfo.InvariantCulture, $"{number:D10}-{checkpoint.Kind.ToString().ToLowerInvariant()}-{checkpoint.Sequence}.json");
            var path = Path.Combine(Directory, name);
            var temporary = path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, checkpoint, AuditJsonContext.Default.AuditCheckpoint);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Deletes what a write killed before its rename left (<c>*.json.tmp</c>, never read as a checkpoint) once it is a
    /// minute old, so that no write in flight in another process loses its file; one that cannot be deleted stays.
    /// </summary>
    private void DeleteStaleTemporaryFiles()
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json.tmp"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow - StaleTemporaryAge)
                {
                    File.Delete(file);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A folder that keeps files once written (WORM) keeps this one too; it is never read.
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="AuditUnreadableCheckpointException">A file in the folder is not a valid checkpoint.</exception>
    public async Task<IReadOnlyList<AuditCheckpoint>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var checkpoints = new List<AuditCheckpoint>();
        foreach (var path in Files())
        {
            checkpoints.Add(await ReadAsync(path, cancellationToken).ConfigureAwait(false));
        }

        return checkpoints;
    }

    /// <inheritdoc />
    async Task<AuditCheckpoint?> IAuditCheckpointSinkNewest.ReadNewestAsync(CancellationToken cancellationToken)
    {
        var files = Files();
        return files.Count == 0 ? null : await ReadAsync(files[^1], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    async Task<IDisposable> IAuditCheckpointSinkNewest.LockAsync(CancellationToken cancellationToken)
    {
        // An exclusive open is a lock other processes see too (an advisory flock on Unix, a share mode on Windows). The
        // file is no checkpoint (only *.json files are read), so readers never see it; it is created empty once and only
        // ever opened for reading after, so a folder that keeps files unchanged once written (WORM) takes it too.
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, LockFileName);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new IOException($"Another checkpoint writer has held the checkpoint folder '{Directory}' (its lock file '{LockFileName}') for over {LockTimeout.TotalSeconds:0} seconds; no checkpoint was written.", ex);
            }
        }
    }

    private static async Task<AuditCheckpoint> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var checkpoint = await JsonSerializer.DeserializeAsync(stream, AuditJsonContext.Default.AuditCheckpoint, cancellationToken).ConfigureAwait(false)
                    ?? throw Unreadable(path, "it holds null", null);

                // The serializer lets a required string be null ("signature": null); such a file is no checkpoint either.
                var missing = checkpoint.Hash is null ? "hash" : checkpoint.KeyId is null ? "keyId" : checkpoint.Signature is null ? "signature" : null;
                return missing is null ? checkpoint : throw Unreadable(path, $"its '{missing}' is null", null);
            }
            catch (JsonException ex)
            {
                throw Unreadable(path, ex.Message, ex);
            }
        }
    }

    /// <summary>The failure for a file that is not a checkpoint, with the sequence its name was written with.</summary>
    private static AuditUnreadableCheckpointException Unreadable(string path, string why, Exception? cause)
    {
        var message = $"The checkpoint file '{path}' is not a valid checkpoint: {why}";
        var name = Path.GetFileNameWithoutExtension(path);
        var sequence = long.TryParse(name.AsSpan(name.LastIndexOf('-') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (long?)null;
        return cause is null
            ? new AuditUnreadableCheckpointException(message) { Sequence = sequence }
            : new AuditUnreadableCheckpointException(message, cause) { Sequence = sequence };
    }

    private List<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*.json").Order(StringComparer.Ordinal)]
            : [];
}
