using Microsoft.Extensions.Logging;

namespace AuditTrail.Spool;

/// <summary>Reads segment files: their intact records for replay, and their whole lines at open.</summary>
internal sealed partial class SpoolSegmentReader(ILogger logger)
{
    /// <summary>The records of a segment's intact lines, in order, and how many lines were damaged; a torn last line is skipped.</summary>
    public (List<AuditRecord> Records, int Damaged) Decode(string segment, byte[] content)
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

    /// <summary>How many whole lines (that is events, intact or damaged) a segment holds.</summary>
    public static long CountWholeLines(string segment)
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

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "Ignored a partial last line ({Bytes} bytes) of the audit spool segment '{Segment}': an append that a crash interrupted, whose event was never acknowledged.")]
    private partial void LogTornTail(string segment, int bytes);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "Line {Line} of the audit spool segment '{Segment}' is damaged ({Problem}); it is not replayed.")]
    private partial void LogDamagedLine(string segment, int line, string problem);
}
