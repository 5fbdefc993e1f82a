using System.Buffers;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// JSON Lines: one object per line, UTF-8, written in 64 KB chunks; by default <see cref="AuditJson"/>-shaped
/// (<see cref="AuditJson.WriteRecord"/>, generated code), or as another writer shapes it (OCSF events).
/// </summary>
internal sealed class JsonLinesAuditExporter(Action<Utf8JsonWriter, AuditRecord> writeRecord) : AuditExporter
{
    public static readonly JsonLinesAuditExporter Instance = new(AuditJson.WriteRecord);

    /// <summary>OCSF events (<see cref="AuditOcsf.WriteEvent"/>), one per line.</summary>
    public static JsonLinesAuditExporter Ocsf(AuditOcsfOptions options) => new((writer, record) => AuditOcsfEventWriter.Write(writer, record, options));

    private const int FlushThreshold = 64 * 1024;

    public override async Task<long> WriteAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken cancellationToken)
    {
        var count = 0L;
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        using var json = new Utf8JsonWriter(buffer, AuditJson.WriterOptions);
        await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writeRecord(json, record);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
            count++;
            if (buffer.WrittenCount >= FlushThreshold)
            {
                await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
                buffer.ResetWrittenCount();
            }
        }

        if (buffer.WrittenCount > 0)
        {
            await destination.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
