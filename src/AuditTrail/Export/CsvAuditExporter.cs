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
    public static readonly CsvAuditExporter Instance = new();

    public static readonly IReadOnlyList<string> Header =
    [
        "Id", "Time (UTC)", "Recorded (UTC)", "User", "User Id", "User Type", "Action Type", "Action", "Outcome",
        "Failure Reason", "Resource Type", "Resource Id", "Resource", "Details", "Changes", "IP Address", "User Agent",
        "Correlation Id", "Tenant", "Metadata",
    ];

    // Neutralisation is ours (Neutralize) because it also covers LF and the full-width formula characters.
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
        await using (csv.ConfigureAwait(false))
        {
            foreach (var name in Header)
            {
                csv.WriteField(name);
            }

            await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var record in records.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                WriteRow(csv, record);
                await csv.EndRecordAsync(cancellationToken).ConfigureAwait(false);
                count++;
            }

            await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>Neutralises a cell a spreadsheet would evaluate; see <see href="https://owasp.org/www-community/attacks/CSV_Injection"/>.</summary>
    internal static string? Neutralize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        return value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20'
            ? "'" + value
            : value;
    }

    private static void WriteRow(CsvWriter csv, AuditRecord record)
    {
        Field(csv, record.Id.ToString("D"));
        Field(csv, FormatTime(record.OccurredAt));
        Field(csv, FormatTime(record.RecordedAt));
        Field(csv, record.Actor.DisplayName);
        Field(csv, record.Actor.Id);
        Field(csv, record.Actor.Type.ToString());
        Field(csv, record.ActionType.ToString());
        Field(csv, record.Action);
        Field(csv, record.Outcome.ToString());
        Field(csv, record.FailureReason);
        Field(csv, record.Resource?.Type);
        Field(csv, record.Resource?.Id);
        Field(csv, record.Resource?.Name);
        Field(csv, record.Description);
        Field(csv, record.Changes.Count == 0 ? null : JsonSerializer.Serialize(record.Changes, AuditJson.Options));
        Field(csv, record.SourceIp);
        Field(csv, record.UserAgent);
        Field(csv, record.CorrelationId);
        Field(csv, record.TenantId);
        Field(csv, record.Metadata.Count == 0 ? null : JsonSerializer.Serialize(record.Metadata, AuditJson.Options));
    }

    private static void Field(CsvWriter csv, string? value) => csv.WriteField(Neutralize(value) ?? string.Empty);

    internal static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
