using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// The form in which stores keep a record's changes (<see cref="AuditRecordFields.Changes"/>: a JSON array of
/// <c>{"field": ..., "old": ..., "new": ...}</c> objects, in that order) and metadata (<see cref="AuditRecordFields.Metadata"/>:
/// a JSON object of string values, keys in ordinal order), written and read through the generated code of
/// <see cref="AuditJson"/>. Part of the on-disk format: existing rows are read with it, and a store's fast hash
/// checks may rely on exactly this form.
/// </summary>
public static class AuditStoredJson
{
    /// <summary>The property of a stored change that holds the field name.</summary>
    public const string ChangeFieldName = "field";

    /// <summary>The property of a stored change that holds the old value (null when none).</summary>
    public const string ChangeOldValueName = "old";

    /// <summary>The property of a stored change that holds the new value (null when none).</summary>
    public const string ChangeNewValueName = "new";

    /// <summary>What a record without changes stores.</summary>
    public const string NoChanges = "[]";

    /// <summary>What a record without metadata stores.</summary>
    public const string NoMetadata = "{}";

    // Relaxed escaping keeps non-ASCII text readable in the database; the JSON is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly IReadOnlyDictionary<string, string> EmptyMetadata =
        new SortedDictionary<string, string>(StringComparer.Ordinal).AsReadOnly();

    /// <summary>The stored form of <paramref name="changes"/>.</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="text">Adapts each string to the database, for example a dialect's text rule; <see langword="null"/> keeps them.</param>
    /// <returns>The JSON.</returns>
    public static string FormatChanges(IReadOnlyList<AuditFieldChange> changes, Func<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return NoChanges;
        }

        var stored = new AuditStoredChange[changes.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var change = changes[i];
            stored[i] = new AuditStoredChange(Adapt(change.Field, text)!, Adapt(change.OldValue, text), Adapt(change.NewValue, text));
        }

        return Write(stored, AuditJsonContext.Default.AuditStoredChangeArray);
    }

    /// <summary>The stored form of <paramref name="metadata"/>, keys in ordinal order.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <param name="text">Adapts each string to the database; <see langword="null"/> keeps them.</param>
    /// <returns>The JSON.</returns>
    public static string FormatMetadata(IReadOnlyDictionary<string, string> metadata, Func<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.Count == 0)
        {
            return NoMetadata;
        }

        // The generated code writes a dictionary in its own order: this one is ordinal.
        var ordered = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            ordered[Adapt(key, text)!] = Adapt(value, text)!;
        }

        return Write<IReadOnlyDictionary<string, string>>(ordered, AuditJsonContext.Default.IReadOnlyDictionaryStringString);
    }

    /// <summary>Reads stored changes.</summary>
    /// <param name="json">The stored JSON.</param>
    /// <returns>The changes.</returns>
    /// <exception cref="JsonException">The JSON is not stored changes.</exception>
    public static IReadOnlyList<AuditFieldChange> ParseChanges(string json)
    {
        // Most records change nothing: stores write exactly "[]" for them.
        if (json == NoChanges)
        {
            return [];
        }

        var stored = JsonSerializer.Deserialize(json, AuditJsonContext.Default.AuditStoredChangeArray) ?? [];
        var changes = new AuditFieldChange[stored.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            changes[i] = new AuditFieldChange(stored[i].Field, stored[i].Old, stored[i].New);
        }

        return changes.AsReadOnly();
    }

    /// <summary>Reads stored metadata, ordered by key ordinally.</summary>
    /// <param name="json">The stored JSON.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="JsonException">The JSON is not stored metadata.</exception>
    public static IReadOnlyDictionary<string, string> ParseMetadata(string json)
    {
        if (json == NoMetadata)
        {
            return EmptyMetadata;
        }

        var read = JsonSerializer.Deserialize(json, AuditJsonContext.Default.DictionaryStringString);
        return read is null || read.Count == 0
            ? EmptyMetadata
            : new SortedDictionary<string, string>(read, StringComparer.Ordinal).AsReadOnly();
    }

    private static string? Adapt(string? value, Func<string, string>? text) =>
        value is null || text is null ? value : text(value);

    private static string Write<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
