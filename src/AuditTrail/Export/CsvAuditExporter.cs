using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace AuditTrail;

/// <summary>
/// RFC 4180 CSV: a header row, every cell quoted (so separators, quotes and line breaks inside a value
/// can never start a new cell or row), times in ISO 8601 UTC, UTF-8 without BOM. A cell that a
/// spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection guidance);
/// the stored value is not changed.
/// </summary>
internal sealed class CsvAuditExporter : AuditExporter
{
    /// <summary>The length of a GUID in the "D" format.</summary>
    private const int GuidLength = 36;

    public static readonly CsvAuditExporter Instance = new();

    /// <summary>The header row: each exported field's header, in export order (<see cref="AuditRecordFields.Exported"/>).</summary>
    public static readonly IReadOnlyList<string> Header = [.. AuditRecordFields.Exported.Select(field => field.ExportHeader)];

    // Neutralisation is ours (CsvFormulaGuard): every segment another list separator could start, LF and full-width forms.
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Quoting = CsvQuoting.Always,
        NewLine = "\r\n",
        Injection = CsvInjection.None,
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = false,
    };

    public override async Task<long> WriteAsync(IAsyncEnumerable<AuditRecord> records, Stream destination, CancellationToken cancellationToken)
    {
        var count = 0L;
        var csv = CsvWriter.Create(destination, Options, true);
        var json = new JsonCell();
        await using (csv.ConfigureAwait(false))
        using (json)
        {
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                WriteRow(csv, json, record);
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                count++;
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static void WriteRow(CsvWriter csv, JsonCell json, AuditRecord record)
    {
        // Ids, times and enum names cannot hold a formula; free text and JSON cells are neutralised (CsvFormulaGuard).
        foreach (var field in AuditRecordFields.Exported)
        {
            switch (field.Kind)
            {
                case AuditRecordFieldKind.Id:
                    Id(csv, field.GetId(record));
                    break;
                case AuditRecordFieldKind.Time:
                    Time(csv, field.GetTime(record));
                    break;
                case AuditRecordFieldKind.Enum:
                    csv.WriteField(field.GetText(record)!);
                    break;
                case AuditRecordFieldKind.Changes when record.Changes.Count > 0:
                    JsonField(csv, json.Changes(record.Changes));
                    break;
                case AuditRecordFieldKind.Metadata when record.Metadata.Count > 0:
                    JsonField(csv, json.Metadata(record.Metadata));
                    break;
                case AuditRecordFieldKind.Changes or AuditRecordFieldKind.Metadata:
                    csv.WriteField(string.Empty);
                    break;
                default:
                    csv.WriteField(CsvFormulaGuard.Neutralize(field.GetText(record)) ?? string.Empty);
                    break;
            }
        }
    }

    /// <summary>JSON text can hold a segment a separator would start (<c>"x;=1+1"</c>): written as bytes unless it does.</summary>
    private static void JsonField(CsvWriter csv, ReadOnlySpan<byte> utf8)
    {
        if (CsvFormulaGuard.NeedsNeutralizing(utf8))
        {
            csv.WriteField(CsvFormulaGuard.Neutralize(System.Text.Encoding.UTF8.GetString(utf8)));
        }
        else
        {
            csv.WriteField(utf8);
        }
    }

    private static void Id(CsvWriter csv, Guid id)
    {
        Span<char> buffer = stackalloc char[GuidLength];
        if (!id.TryFormat(buffer, out var written, "D"))
        {
            throw new InvalidOperationException("A GUID did not fit its 36 characters.");
        }

        csv.WriteField(buffer[..written]);
    }

    /// <summary>A time as the hash chain encodes it: UTC, microseconds (the store's precision), yyyy-MM-ddTHH:mm:ss.ffffffZ.</summary>
    private static void Time(CsvWriter csv, DateTimeOffset time)
    {
        Span<byte> text = stackalloc byte[AuditChain.TimeLength + 1];
        AuditChain.FormatTimeUtf8(time, text);
        csv.WriteField(text[..AuditChain.TimeLength]);
    }

    /// <summary>The JSON of a row's changes or metadata, as UTF-8 in a buffer reused from row to row.</summary>
    private sealed class JsonCell : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;

        public JsonCell() => _writer = new Utf8JsonWriter(_buffer, AuditJson.WriterOptions);

        public ReadOnlySpan<byte> Changes(IReadOnlyList<AuditFieldChange> changes)
        {
            Reset();
            AuditJson.WriteChanges(_writer, changes);
            _writer.Flush();
            return _buffer.WrittenSpan;
        }

        public ReadOnlySpan<byte> Metadata(IReadOnlyDictionary<string, string> metadata)
        {
            Reset();
            AuditJson.WriteMetadata(_writer, metadata);
            _writer.Flush();
            return _buffer.WrittenSpan;
        }

        public void Dispose() => _writer.Dispose();

        private void Reset()
        {
            _buffer.ResetWrittenCount();
            _writer.Reset();
        }
    }
}
