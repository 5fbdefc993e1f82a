using System.Globalization;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Spool;

/// <summary>
/// The durable file spool of fail-open events: append-only segment files of <see cref="SpoolLineCodec"/> lines,
/// synced to disk before an append returns, replayed into the store oldest first and deleted once committed.
/// </summary>
/// <remarks>
/// <para>
/// Layout: <c>{directory}/lane-{n}/{number:D12}.spool</c>. A process writes only to its own <see cref="SpoolLane"/>.
/// A process never appends to a segment that existed before it opened the spool, so a torn last line, left by a
/// crash in the middle of an append, is always the end of its file and is skipped on replay: its event was never
/// acknowledged. At open, lanes that no running process holds and that still have segments (left by a process that
/// stopped) are locked too and replayed before this process's own.
/// </para>
/// <para>Not thread-safe: the write pipeline's single writer uses it; <see cref="PendingEvents"/> may be read from any thread.</para>
/// </remarks>
internal sealed partial class FileAuditSpool : IAuditSpool
{
    /// <summary>A segment that reaches this size is closed and the next append starts a new one.</summary>
    public const long SegmentBytes = 4L << 20;

    public const string SegmentExtension = ".spool";
    public const string DamagedExtension = ".damaged";

    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Action<AuditFailure> _report;
    private readonly SpoolSegmentReader _reader;
    private readonly List<SpoolLane> _orphans = [];
    private readonly Dictionary<string, int> _replayedLines = new(StringComparer.Ordinal);
    private SpoolLane? _own;
    private FileStream? _segment;
    private long _nextSegmentNumber = 1;
    private long _ownBytes;
    private long _pendingEvents;

    public FileAuditSpool(string directory, long maxBytes, ILogger logger, Action<AuditFailure> report)
    {
        Location = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _logger = logger;
        _report = report;
        _reader = new SpoolSegmentReader(logger);
    }

    /// <summary>The spool's root directory.</summary>
    public string Location { get; }

    public long PendingEvents => Interlocked.Read(ref _pendingEvents);

    public Task OpenAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Open();
        return Task.CompletedTask;
    }

    public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
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

        if (_segment is not null && !File.Exists(_segment.Name))
        {
            // Deleted from under its open handle (a clean-up job, the directory removed): an append there would be
            // synced and acknowledged, and lost with the file. The next one starts a new segment, or fails if it cannot.
            LogSegmentGone(_segment.Name);
            own.Segments.Remove(_segment.Name);
            CloseSegment();
            _ownBytes = own.Segments.Where(File.Exists).Sum(path => new FileInfo(path).Length);
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

        var segment = _segment!;
        var before = segment.Length;
        try
        {
            await segment.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            segment.Flush(flushToDisk: true);
        }
        catch
        {
            // Part of the buffer may be on disk (a full disk takes the lines that fit): those lines' callers are told
            // that their events were not kept, so they must not be replayed either.
            TakeBack(segment, before);
            _ownBytes = own.Segments.Where(File.Exists).Sum(path => new FileInfo(path).Length);
            throw;
        }

        _ownBytes += total;
        Interlocked.Add(ref _pendingEvents, records.Count);
    }

    public async Task<int> ReplayAsync(Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken = default)
    {
        Open();
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

    public Task FindLeftBehindAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_own is null)
        {
            return Task.CompletedTask;
        }

        var held = _orphans.Select(lane => lane.Path).Append(_own.Path).ToHashSet(StringComparer.Ordinal);
        long found = 0;
        foreach (var (path, _) in SpoolLane.List(Location))
        {
            if (held.Contains(path) || SpoolLane.TryLock(path) is not { } lane)
            {
                continue;
            }

            var pending = RemoveEmptySegments(lane);
            if (lane.Segments.Count == 0)
            {
                lane.Dispose();
                continue;
            }

            _orphans.Add(lane);
            found += pending;
        }

        if (found > 0)
        {
            Interlocked.Add(ref _pendingEvents, found);
            LogFoundLeftBehind(found, Location);
        }

        return Task.CompletedTask;
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

    /// <summary>Claims this process's lane and the lanes stopped processes left behind; idempotent.</summary>
    private void Open()
    {
        if (_own is not null)
        {
            return;
        }

        OwnerOnlyDirectory.Create(Location);
        var lanes = SpoolLane.List(Location);
        SpoolLane? own = null;
        var orphans = new List<SpoolLane>();
        foreach (var (path, _) in lanes)
        {
            if (SpoolLane.TryLock(path) is not { } lane)
            {
                continue;
            }

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
            var path = Path.Combine(Location, SpoolLane.Prefix + number.ToString(CultureInfo.InvariantCulture));
            OwnerOnlyDirectory.Create(path);
            own = SpoolLane.TryLock(path);
        }

        var pending = orphans.Append(own).Sum(RemoveEmptySegments);
        foreach (var emptied in orphans.Where(lane => lane.Segments.Count == 0).ToList())
        {
            orphans.Remove(emptied);
            emptied.Dispose();
        }

        _own = own;
        _orphans.AddRange(orphans);
        _ownBytes = own.Segments.Sum(segment => new FileInfo(segment).Length);
        _nextSegmentNumber = Math.Max(own.HighestSegmentNumber(), 0) + 1;
        Interlocked.Exchange(ref _pendingEvents, pending);
        if (pending > 0)
        {
            LogFoundPending(pending, Location);
        }
    }

    /// <summary>Deletes the lane's segments that hold no whole line; returns how many events the others hold.</summary>
    private long RemoveEmptySegments(SpoolLane lane)
    {
        long pending = 0;
        foreach (var segment in lane.Segments.ToList())
        {
            var lines = SpoolSegmentReader.CountWholeLines(segment);
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

        return pending;
    }

    private async Task<int> ReplaySegmentAsync(
        SpoolLane lane, string segment, Func<IReadOnlyList<AuditRecord>, CancellationToken, Task> write, int batchSize, CancellationToken cancellationToken)
    {
        if (!File.Exists(segment))
        {
            // Deleted from outside since the open: a read would fail on every replay and hold back every event behind it.
            LogSegmentGone(segment);
            var others = _orphans.Append(_own!).SelectMany(l => l.Segments).Where(s => s != segment && File.Exists(s));
            Interlocked.Exchange(ref _pendingEvents, others.Sum(s => SpoolSegmentReader.CountWholeLines(s) - _replayedLines.GetValueOrDefault(s)));
            _replayedLines.Remove(segment);
            return 0;
        }

        var content = await ReadAsync(segment, cancellationToken).ConfigureAwait(false);
        var (records, damaged) = _reader.Decode(segment, content);
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

        if (_segment is not null && string.Equals(_segment.Name, segment, StringComparison.Ordinal))
        {
            // The segment appends go to is replayed whole and goes: the next append starts another. Until then (a replay
            // that fails, as every one does while the store is down) appends go on filling it, not one segment per batch.
            CloseSegment();
        }

        if (damaged > 0)
        {
            Interlocked.Add(ref _pendingEvents, -damaged);
            File.Move(segment, segment + DamagedExtension, overwrite: true);
            LogDamaged(segment, damaged);
            _report(new AuditFailure
            {
                Kind = AuditFailureKind.Permanent,
                Source = AuditFailureSource.Spool,
                Outcome = AuditFailureOutcome.SpoolDamaged,
                Message = $"The audit spool segment '{segment}' had {damaged} damaged line(s), which were not replayed; " +
                    $"its intact lines were. It is kept as '{segment}{DamagedExtension}' for inspection.",
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

    private void StartSegment(SpoolLane own)
    {
        CloseSegment();
        var path = Path.Combine(own.Path, _nextSegmentNumber.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);
        _nextSegmentNumber++;
        _segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        own.Segments.Add(path);

        // The new file's directory entry must reach the disk too, or a power loss could lose the whole segment.
        try
        {
            DirectorySync.Flush(own.Path);
        }
        catch
        {
            // Not kept for the next append either: its callers would be told their events are safe in a file whose
            // directory entry may not survive a power loss.
            CloseSegment();
            own.Segments.Remove(path);
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A segment's content, read beside the handle that may still be appending to it.</summary>
    private static async Task<byte[]> ReadAsync(string segment, CancellationToken cancellationToken)
    {
        var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var content = new byte[stream.Length];
            await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            return content;
        }
    }

    /// <summary>Cuts <paramref name="segment"/> back to <paramref name="length"/> bytes after a failed append; closes it when that fails too.</summary>
    private void TakeBack(FileStream segment, long length)
    {
        try
        {
            segment.SetLength(length);
            segment.Position = length;
            segment.Flush(flushToDisk: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Close it, so that nothing is ever appended after what may be a torn line; a replay skips that line.
            CloseSegment();
        }
    }

    private void CloseSegment()
    {
        var segment = _segment;
        _segment = null;
        segment?.Dispose();
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "The audit spool '{Directory}' holds {Count} event(s) from an earlier run; they are replayed into the store before new events.")]
    private partial void LogFoundPending(long count, string directory);

    [LoggerMessage(EventId = 38, Level = LogLevel.Warning, Message = "The audit spool '{Directory}' holds {Count} event(s) that a process which stopped meanwhile left behind; they are replayed into the store.")]
    private partial void LogFoundLeftBehind(long count, string directory);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Removed the audit spool segment '{Segment}' ({Bytes} bytes): it holds no whole line, so no acknowledged event; a process stopped between creating it and syncing its first append.")]
    private partial void LogRemovedWithoutEvents(string segment, long bytes);

    [LoggerMessage(EventId = 37, Level = LogLevel.Error, Message = "The audit spool segment '{Segment}' was deleted while this process had it open; the events it held are gone. The spool goes on without it.")]
    private partial void LogSegmentGone(string segment);

    [LoggerMessage(EventId = 33, Level = LogLevel.Error, Message = "The audit spool segment '{Segment}' had {Count} damaged line(s); it is kept with the extension .damaged for inspection.")]
    private partial void LogDamaged(string segment, int count);
}
