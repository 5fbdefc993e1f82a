using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Internal.Spool;

/// <summary>
/// The durable local spool of fail-open events: append-only segment files of <see cref="SpoolLineCodec"/> lines,
/// synced to disk before an append returns, replayed into the store oldest first and deleted once committed.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>{directory}/lane-{n}/{number:D12}.spool</c>. A process writes only to its own lane, which it holds
/// through an exclusive lock on <c>lane.lock</c> (released by the operating system when the process dies). A process
/// never appends to a segment that existed before it opened the spool, so a torn last line, left by a crash in the
/// middle of an append, is always the end of its file and is skipped on replay: its event was never acknowledged.
/// At open, lanes that no running process holds and that still have segments (left by a process that stopped) are
/// locked too and replayed before this process's own.
/// </para>
/// <para>Not thread-safe: the write queue's single writer uses it; <see cref="PendingEvents"/> may be read from any thread.</para>
/// </remarks>
internal sealed partial class AuditSpool : IDisposable
{
    /// <summary>A segment that reaches this size is closed and the next append starts a new one.</summary>
    public const long SegmentBytes = 4L << 20;

    public const string SegmentExtension = ".spool";
    public const string DamagedExtension = ".damaged";

    private const string LanePrefix = "lane-";
    private const string LockFileName = "lane.lock";

    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Action<AuditFailure> _report;
    private readonly List<Lane> _orphans = [];
    private readonly Dictionary<string, int> _replayedLines = new(StringComparer.Ordinal);
    private Lane? _own;
    private FileStream? _segment;
    private long _nextSegmentNumber = 1;
    private long _ownBytes;
    private long _pendingEvents;

    public AuditSpool(string directory, long maxBytes, ILogger logger, Action<AuditFailure> report)
    {
        Directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _logger = logger;
        _report = report;
    }

    /// <summary>The spool's root directory.</summary>
    public string Directory { get; }

    /// <summary>How many events wait in the spool (own lane and the stopped lanes taken over), as far as known.</summary>
    public long PendingEvents => Interlocked.Read(ref _pendingEvents);

    /// <summary>Claims this process's lane and the lanes stopped processes left behind; idempotent.</summary>
    public void Open()
    {
        if (_own is not null)
        {
            return;
        }

        System.IO.Directory.CreateDirectory(Directory);
        var lanes = System.IO.Directory.EnumerateDirectories(Directory, LanePrefix + "*")
            .Select(path => (Path: path, Number: LaneNumber(path)))
            .Where(lane => lane.Number >= 0)
            .OrderBy(lane => lane.Number)
            .ToList();

        Lane? own = null;
        var orphans = new List<Lane>();
        foreach (var (path, _) in lanes)
        {
            if (TryLock(path) is not { } locked)
            {
                continue;
            }

            var lane = new Lane(path, locked, ListSegments(path));
            if (own is null)
            {
                own = lane;
            }
            else if (lane.Segments.Count > 0)
            {
                orphans.Add(lane);
            }
            else
            {
                lane.Dispose();
            }
        }

        for (var number = lanes.Count == 0 ? 0 : lanes[^1].Number + 1; own is null; number++)
        {
            var path = Path.Combine(Directory, LanePrefix + number.ToString(CultureInfo.InvariantCulture));
            System.IO.Directory.CreateDirectory(path);
            if (TryLock(path) is { } locked)
            {
                own = new Lane(path, locked, ListSegments(path));
            }
        }

        long pending = 0;
        foreach (var lane in orphans.Append(own))
        {
            foreach (var segment in lane.Segments.ToList())
            {
                var lines = CountWholeLines(segment);
                if (lines == 0)
                {
                    // Nothing to replay, so no replay would ever delete it: a process died between creating the
                    // segment and syncing its first append, which therefore was never acknowledged.
                    var bytes = new FileInfo(segment).Length;
                    File.Delete(segment);
                    lane.Segments.Remove(segment);
                    LogRemovedWithoutEvents(segment, bytes);
                }

                pending += lines;
            }
        }

        foreach (var emptied in orphans.Where(lane => lane.Segments.Count == 0).ToList())
        {
            orphans.Remove(emptied);
            emptied.Dispose();
        }

        _own = own;
        _orphans.AddRange(orphans);
        _ownBytes = own.Segments.Sum(segment => new FileInfo(segment).Length);
        _nextSegmentNumber = own.Segments.Count == 0 ? 1 : SegmentNumber(own.Segments[^1]) + 1;
        Interlocked.Exchange(ref _pendingEvents, pending);
        if (pending > 0)
        {
            LogFoundPending(pending, Directory);
        }
    }

    /// <summary>Appends the records and syncs them to disk; when this returns, they survive a crash or power loss.</summary>
    public void Append(IReadOnlyList<AuditRecord> records)
    {
        Open();
        var own = _own!;
        var lines = records.Select(SpoolLineCodec.Encode).ToList();
        var total = lines.Sum(line => (long)line.Length);
        if (_ownBytes + total > _maxBytes)
        {
            throw new IOException(
                $"The audit spool '{own.Path}' is full: it holds {_ownBytes} bytes and {total} more would pass " +
                $"AuditTrailOptions.Spool.MaxSizeBytes ({_maxBytes}).");
        }

        if (_segment is null || _segment.Length >= SegmentBytes)
        {
            StartSegment(own);
        }

        var buffer = new byte[total];
        var offset = 0;
        foreach (var line in lines)
        {
            line.CopyTo(buffer, offset);
            offset += line.Length;
        }

        try
        {
            _segment!.Write(buffer);
            _segment.Flush(flushToDisk: true);
        }
        catch
        {
            // Part of the buffer may be on disk: close the segment so that nothing is ever appended after a torn line.
            CloseSegment();
            _ownBytes = own.Segments.Where(File.Exists).Sum(segment => new FileInfo(segment).Length);
            throw;
        }

        _ownBytes += total;
        Interlocked.Add(ref _pendingEvents, records.Count);
    }

    /// <summary>
    /// Replays every spooled event into <paramref name="write"/>, oldest first, in batches of at most
    /// <paramref name="batchSize"/>, deleting each segment once all of it is committed. Stops at the first failed
    /// write and rethrows; the next call goes on from the first batch not committed.
    /// </summary>
    /// <returns>How many events were committed.</returns>
    public async Task<int> ReplayAsync(Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken)
    {
        Open();
        CloseSegment();
        var replayed = 0;
        foreach (var lane in _orphans.ToList().Append(_own!))
        {
            foreach (var segment in lane.Segments.ToList())
            {
                replayed += await ReplaySegmentAsync(lane, segment, write, batchSize, cancellationToken).ConfigureAwait(false);
                lane.Segments.Remove(segment);
            }

            if (lane != _own)
            {
                _orphans.Remove(lane);
                lane.Dispose();
            }
        }

        return replayed;
    }

    public void Dispose()
    {
        CloseSegment();
        foreach (var lane in _orphans)
        {
            lane.Dispose();
        }

        _orphans.Clear();
        _own?.Dispose();
    }

    private async Task<int> ReplaySegmentAsync(
        Lane lane, string segment, Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(segment, cancellationToken).ConfigureAwait(false);
        var (records, damaged) = Decode(segment, content);
        var done = _replayedLines.GetValueOrDefault(segment);
        var replayed = 0;
        while (done < records.Count)
        {
            var batch = records.GetRange(done, Math.Min(batchSize, records.Count - done));
            await write(batch, cancellationToken).ConfigureAwait(false);
            done += batch.Count;
            replayed += batch.Count;
            _replayedLines[segment] = done;
            Interlocked.Add(ref _pendingEvents, -batch.Count);
        }

        if (damaged > 0)
        {
            Interlocked.Add(ref _pendingEvents, -damaged);
            File.Move(segment, segment + DamagedExtension, overwrite: true);
            var message = $"The audit spool segment '{segment}' had {damaged} damaged line(s), which were not replayed; " +
                $"its intact lines were. It is kept as '{segment}{DamagedExtension}' for inspection.";
            LogDamaged(segment, damaged);
            _report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Spool,
                Outcome = AuditFailureOutcome.SpoolDamaged,
                Message = message,
            });
        }
        else
        {
            File.Delete(segment);
        }

        _replayedLines.Remove(segment);
        if (lane == _own)
        {
            _ownBytes -= content.Length;
        }

        return replayed;
    }

    private (List<AuditRecord> Records, int Damaged) Decode(string segment, byte[] content)
    {
        var records = new List<AuditRecord>();
        var damaged = 0;
        var span = content.AsSpan();
        var lineNumber = 0;
        while (!span.IsEmpty)
        {
            lineNumber++;
            var end = span.IndexOf(SpoolLineCodec.NewLine);
            if (end < 0)
            {
                // The last append of a process that died while writing it: never synced, so never acknowledged.
                LogTornTail(segment, span.Length);
                break;
            }

            if (SpoolLineCodec.TryDecode(span[..end], out var record, out var problem))
            {
                records.Add(record!);
            }
            else
            {
                damaged++;
                LogDamagedLine(segment, lineNumber, problem!);
            }

            span = span[(end + 1)..];
        }

        return (records, damaged);
    }

    private void StartSegment(Lane own)
    {
        CloseSegment();
        var path = Path.Combine(own.Path, _nextSegmentNumber.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);
        _nextSegmentNumber++;
        _segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        own.Segments.Add(path);

        // The new file's directory entry must reach the disk too, or a power loss could lose the whole segment.
        DirectorySync.Flush(own.Path);
    }

    private void CloseSegment()
    {
        var segment = _segment;
        _segment = null;
        segment?.Dispose();
    }

    private static FileStream? TryLock(string lanePath)
    {
        try
        {
            return new FileStream(Path.Combine(lanePath, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<string> ListSegments(string lanePath) =>
        [.. System.IO.Directory.EnumerateFiles(lanePath, "*" + SegmentExtension)
            .Where(path => SegmentNumber(path) > 0)
            .OrderBy(SegmentNumber)];

    private static long SegmentNumber(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;

    private static int LaneNumber(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(LanePrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(LanePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : -1;
    }

    private static long CountWholeLines(string segment)
    {
        using var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[81920];
        long lines = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count(SpoolLineCodec.NewLine);
        }

        return lines;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The audit spool '{Directory}' holds {Count} event(s) from an earlier run; they are replayed into the store before new events.")]
    private partial void LogFoundPending(long count, string directory);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Removed the audit spool segment '{Segment}' ({Bytes} bytes): it holds no whole line, so no acknowledged event; a process stopped between creating it and syncing its first append.")]
    private partial void LogRemovedWithoutEvents(string segment, long bytes);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Ignored a partial last line ({Bytes} bytes) of the audit spool segment '{Segment}': an append that a crash interrupted, whose event was never acknowledged.")]
    private partial void LogTornTail(string segment, int bytes);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Line {Line} of the audit spool segment '{Segment}' is damaged ({Problem}); it is not replayed.")]
    private partial void LogDamagedLine(string segment, int line, string problem);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "The audit spool segment '{Segment}' had {Count} damaged line(s); it is kept with the extension .damaged for inspection.")]
    private partial void LogDamaged(string segment, int count);

    private sealed class Lane(string path, FileStream lockFile, List<string> segments) : IDisposable
    {
        public string Path { get; } = path;

        public List<string> Segments { get; } = segments;

        public void Dispose() => lockFile.Dispose();
    }

    /// <summary>Syncs a directory, so that a file just created in it survives a power loss (POSIX leaves this to the caller).</summary>
    private static partial class DirectorySync
    {
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

        private const int InvalidArgument = 22;
        private const int NotSupportedLinux = 95;
        private const int NotSupportedMac = 45;

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        private static partial int Fsync(int descriptor);

        [LibraryImport("libc", EntryPoint = "close")]
        private static partial int Close(int descriptor);
    }
}
