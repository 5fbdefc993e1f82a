using System.Globalization;

namespace AuditTrail.Spool;

/// <summary>
/// One process's sub-directory of the spool, <c>lane-{n}</c>, held through an exclusive lock on <c>lane.lock</c>
/// (released by the operating system when the process dies), with its segments in order.
/// </summary>
internal sealed class SpoolLane : IDisposable
{
    public const string Prefix = "lane-";

    private const string LockFileName = "lane.lock";

    private readonly FileStream _lockFile;

    private SpoolLane(string path, FileStream lockFile)
    {
        Path = path;
        _lockFile = lockFile;
        Segments = ListSegments(path);
    }

    public string Path { get; }

    /// <summary>The lane's segment files, oldest first.</summary>
    public List<string> Segments { get; }

    /// <summary>
    /// Locks the lane at <paramref name="path"/>, or returns <see langword="null"/> when a running process holds it, or
    /// when this account may not use it (another account's lane in a shared directory): the spool takes another lane.
    /// </summary>
    public static SpoolLane? TryLock(string path)
    {
        FileStream? lockFile = null;
        try
        {
            lockFile = new FileStream(System.IO.Path.Combine(path, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            return new SpoolLane(path, lockFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            lockFile?.Dispose();
            return null;
        }
    }

    /// <summary>The lane directories under <paramref name="directory"/>, by number.</summary>
    public static List<(string Path, int Number)> List(string directory) =>
        [.. Directory.EnumerateDirectories(directory, Prefix + "*")
            .Select(path => (Path: path, Number: Number(path)))
            .Where(lane => lane.Number >= 0)
            .OrderBy(lane => lane.Number)];

    /// <summary>The number in a segment's file name, or -1 when it is not a segment's name.</summary>
    public static long SegmentNumber(string path) =>
        long.TryParse(System.IO.Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : -1;

    /// <summary>
    /// The highest number a segment of this lane has, counting the segments kept as damaged, or 0: a new segment takes a
    /// higher one, so that it never takes the name of a damaged segment kept for inspection.
    /// </summary>
    public long HighestSegmentNumber() =>
        Directory.EnumerateFiles(Path, "*" + FileAuditSpool.SegmentExtension + "*")
            .Select(path => path.EndsWith(FileAuditSpool.DamagedExtension, StringComparison.Ordinal) ? path[..^FileAuditSpool.DamagedExtension.Length] : path)
            .Where(path => path.EndsWith(FileAuditSpool.SegmentExtension, StringComparison.Ordinal))
            .Select(SegmentNumber)
            .DefaultIfEmpty(0)
            .Max();

    public void Dispose() => _lockFile.Dispose();

    private static List<string> ListSegments(string lanePath) =>
        [.. Directory.EnumerateFiles(lanePath, "*" + FileAuditSpool.SegmentExtension)
            .Where(path => SegmentNumber(path) > 0)
            .OrderBy(SegmentNumber)];

    private static int Number(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.StartsWith(Prefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : -1;
    }
}
