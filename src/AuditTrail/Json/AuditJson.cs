using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AuditTrail;

/// <summary>
/// The JSON shape of audit records everywhere the library writes them whole (JSON Lines export, the HTTP API, the
/// spool): camelCase names, enums as their names, times in ISO 8601. Written and read through System.Text.Json's
/// generated code (no reflection, AOT-safe); the stores' own form of changes and metadata is <see cref="AuditStoredJson"/>.
/// </summary>
public static class AuditJson
{
    /// <summary>
    /// The shared, read-only serializer options: web defaults, enums as names, the default (HTML-safe) encoder, and
    /// generated metadata for the library's public types (<see cref="AuditRecord"/>, <see cref="AuditCheckpoint"/>,
    /// <see cref="AuditFilter"/>). To serialize types of your own with the same shape, add a resolver for them
    /// to a copy (<see cref="JsonSerializerOptions.TypeInfoResolverChain"/>).
    /// </summary>
    public static JsonSerializerOptions Options => AuditJsonContext.Default.Options;

    /// <summary>The generated metadata of <see cref="AuditRecord"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<AuditRecord> Record => AuditJsonContext.Default.AuditRecord;

    /// <summary>Writer options with the encoder of <see cref="Options"/>: a writer made with others escapes strings differently.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = AuditJsonContext.Default.Options.Encoder };

    /// <summary>Writes the record as one JSON object, exactly as <c>JsonSerializer.Serialize(record, AuditJson.Options)</c>.</summary>
    /// <param name="writer">The writer (made with <see cref="WriterOptions"/>).</param>
    /// <param name="record">The record.</param>
    public static void WriteRecord(Utf8JsonWriter writer, AuditRecord record) =>
        JsonSerializer.Serialize(writer, record, AuditJsonContext.Default.AuditRecord);

    /// <summary>Writes changes as a JSON array of <c>{"field", "oldValue", "newValue"}</c> objects, as the record's JSON holds them.</summary>
    /// <param name="writer">The writer (made with <see cref="WriterOptions"/>).</param>
    /// <param name="changes">The changes.</param>
    public static void WriteChanges(Utf8JsonWriter writer, IReadOnlyList<AuditFieldChange> changes) =>
        JsonSerializer.Serialize(writer, changes, AuditJsonContext.Default.IReadOnlyListAuditFieldChange);

    /// <summary>Writes metadata as a JSON object in its own order, as the record's JSON holds it.</summary>
    /// <param name="writer">The writer (made with <see cref="WriterOptions"/>).</param>
    /// <param name="metadata">The metadata.</param>
    public static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> metadata) =>
        JsonSerializer.Serialize(writer, metadata, AuditJsonContext.Default.IReadOnlyDictionaryStringString);

    /// <summary>The record's JSON as UTF-8 bytes.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The bytes.</returns>
    public static byte[] SerializeRecord(AuditRecord record) =>
        JsonSerializer.SerializeToUtf8Bytes(record, AuditJsonContext.Default.AuditRecord);

    /// <summary>
    /// Reads a record written by <see cref="SerializeRecord"/> or <see cref="WriteRecord"/>, with its metadata ordered by
    /// key ordinally, as the pipeline keeps it.
    /// </summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <returns>The record.</returns>
    /// <exception cref="JsonException">The JSON is not an audit record, or holds <c>null</c> where a record has a value.</exception>
    public static AuditRecord DeserializeRecord(ReadOnlySpan<byte> utf8Json)
    {
        var record = JsonSerializer.Deserialize(utf8Json, AuditJsonContext.Default.AuditRecord)
            ?? throw new JsonException("The JSON is null, not an audit record.");
        AuditRecordShape.Check(record);
        return record with
        {
            Metadata = new SortedDictionary<string, string>(record.Metadata.ToDictionary(), StringComparer.Ordinal),
            Changes = [.. record.Changes],
        };
    }
}
