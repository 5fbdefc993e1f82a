using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditTrail.Relational.Internal;

/// <summary>The JSON forms of changes (an array) and metadata (an object), written and read by hand so the format is explicit and stable.</summary>
internal static class AuditJson
{
    // Relaxed escaping keeps non-ASCII text readable in the database; the JSON is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata =
        new SortedDictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <param name="changes">The changes.</param>
    /// <param name="text">Adapts each string to the database (<see cref="IAuditSqlDialect.ToDbText"/>).</param>
    public static string WriteChanges(IReadOnlyList<AuditFieldChange> changes, Func<string, string> text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var change in changes)
            {
                writer.WriteStartObject();
                WriteNullableString(writer, AuditColumns.ChangeField, change.Field is null ? null : text(change.Field));
                WriteNullableString(writer, AuditColumns.ChangeOldValue, change.OldValue is null ? null : text(change.OldValue));
                WriteNullableString(writer, AuditColumns.ChangeNewValue, change.NewValue is null ? null : text(change.NewValue));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <param name="metadata">The metadata.</param>
    /// <param name="text">Adapts each string to the database (<see cref="IAuditSqlDialect.ToDbText"/>).</param>
    public static string WriteMetadata(IReadOnlyDictionary<string, string> metadata, Func<string, string> text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                WriteNullableString(writer, text(key), value is null ? null : text(value));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<AuditFieldChange> ReadChanges(string json)
    {
        // Most records change nothing: the store writes exactly "[]" for them.
        if (json == "[]")
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        var changes = new List<AuditFieldChange>(document.RootElement.GetArrayLength());
        foreach (var element in document.RootElement.EnumerateArray())
        {
            changes.Add(new AuditFieldChange(
                ReadString(element, AuditColumns.ChangeField)!,
                ReadString(element, AuditColumns.ChangeOldValue),
                ReadString(element, AuditColumns.ChangeNewValue)));
        }

        return changes.AsReadOnly();
    }

    public static IReadOnlyDictionary<string, string> ReadMetadata(string json)
    {
        if (json == "{}")
        {
            return EmptyMetadata;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.GetPropertyCount() == 0)
        {
            return EmptyMetadata;
        }

        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            metadata[property.Name] = property.Value.GetString()!;
        }

        return metadata.AsReadOnly();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
