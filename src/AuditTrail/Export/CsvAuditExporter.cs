using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace AuditTrail.Internal;

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

    public static readonly IReadOnlyList<string> Header =
    [
        "Id", "Time (UTC)", "Recorded (UTC)", "User", "User Id", "User Type", "Action Type", "Action", "Outcome",
        "Failure Reason", "Resource Type", "Resource Id", "Resource", "Details", "Changes", "IP Address", "User Agent",
        "Correlation Id", "Tenant", "Metadata",
    ];

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
        Span<char> buffer = stackalloc char[GuidLength];
        if (!record.Id.TryFormat(buffer, out var written, "D"))
        {
            throw new InvalidOperationException("A GUID did not fit its 36 characters.");
        }

        csv.WriteField(buffer[..written]);

        // Times as the hash chain encodes them: UTC, microseconds (the store's precision), yyyy-MM-ddTHH:mm:ss.ffffffZ.
        Span<byte> time = stackalloc byte[AuditChain.TimeLength + 1];
        AuditChain.FormatTimeUtf8(record.OccurredAt, time);
        csv.WriteField(time[..AuditChain.TimeLength]);
        AuditChain.FormatTimeUtf8(record.RecordedAt, time);
        csv.WriteField(time[..AuditChain.TimeLength]);
        Field(csv, record.Actor.DisplayName);
        Field(csv, record.Actor.Id);
        csv.WriteField(EnumText<AuditActorType>.Of(record.Actor.Type));
        csv.WriteField(EnumText<AuditActionType>.Of(record.ActionType));
        Field(csv, record.Action);
        csv.WriteField(EnumText<AuditOutcome>.Of(record.Outcome));
        Field(csv, record.FailureReason);
        Field(csv, record.Resource?.Type);
        Field(csv, record.Resource?.Id);
        Field(csv, record.Resource?.Name);
        Field(csv, record.Description);
        if (record.Changes.Count == 0)
        {
            csv.WriteField(string.Empty);
        }
        else
        {
            JsonField(csv, json.Changes(record.Changes));
        }

        Field(csv, record.SourceIp);
        Field(csv, record.UserAgent);
        Field(csv, record.CorrelationId);
        Field(csv, record.TenantId);
        if (record.Metadata.Count == 0)
        {
            csv.WriteField(string.Empty);
        }
        else
        {
            JsonField(csv, json.Metadata(record.Metadata));
        }
    }

    private static void Field(CsvWriter csv, string? value) => csv.WriteField(CsvFormulaGuard.Neutralize(value) ?? string.Empty);

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

    /// <summary>Enum names, looked up once per value rather than formatted per cell.</summary>
    private static class EnumText<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().ToDictionary(value => value, value => value.ToString());

        public static string Of(TEnum value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
    }

    /// <summary>The JSON of a row's changes or metadata, as UTF-8 in a buffer reused from row to row.</summary>
    private sealed class JsonCell : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private readonly Utf8JsonWriter _writer;

        public JsonCell() => _writer = new Utf8JsonWriter(_buffer, AuditRecordJsonWriter.WriterOptions);

        public ReadOnlySpan<byte> Changes(IReadOnlyList<AuditFieldChange> changes)
        {
            Reset();
            AuditRecordJsonWriter.WriteChanges(_writer, changes);
            _writer.Flush();
            return _buffer.WrittenSpan;
        }

        public ReadOnlySpan<byte> Metadata(IReadOnlyDictionary<string, string> metadata)
        {
            Reset();
            AuditRecordJsonWriter.WriteMetadata(_writer, metadata);
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
