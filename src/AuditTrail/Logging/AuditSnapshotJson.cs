using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Writes a nested value of a snapshot (an object, a dictionary, a list) as compact JSON for <see cref="AuditDiff"/>,
/// honouring <see cref="AuditSensitiveAttribute"/> and <see cref="AuditIgnoreAttribute"/> at every depth. Leaves are
/// written as <see cref="AuditDiff.FormatValue"/> formats them; cycles and depth past <see cref="MaxDepth"/> are cut.
/// </summary>
internal static class AuditSnapshotJson
{
    public const int MaxDepth = 16;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [RequiresUnreferencedCode(AuditDiff.ReflectionMessage)]
    public static string Write(object value, bool redactSensitive = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteValue(writer, value, depth: 0, new HashSet<object>(ReferenceEqualityComparer.Instance), redactSensitive);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The public readable instance properties a snapshot records, with whether each is sensitive.</summary>
    [RequiresUnreferencedCode(AuditDiff.ReflectionMessage)]
    public static IEnumerable<(PropertyInfo Property, bool Sensitive)> RecordedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0 && !property.IsDefined(typeof(AuditIgnoreAttribute), inherit: true))
            .Select(property => (property, property.IsDefined(typeof(AuditSensitiveAttribute), inherit: true)));

    [RequiresUnreferencedCode(AuditDiff.ReflectionMessage)]
    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth, HashSet<object> path, bool redactSensitive)
    {
        if (IsLeaf(value))
        {
            WriteLeaf(writer, value);
            return;
        }

        if (depth >= MaxDepth || !path.Add(value!))
        {
            writer.WriteStringValue("…");
            return;
        }

        switch (value)
        {
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value, depth + 1, path, redactSensitive);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, depth + 1, path, redactSensitive);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var (property, sensitive) in RecordedProperties(value!.GetType()))
                {
                    writer.WritePropertyName(property.Name);
                    if (sensitive && redactSensitive)
                    {
                        writer.WriteStringValue(AuditFieldChange.Redacted);
                    }
                    else
                    {
                        WriteValue(writer, property.GetValue(value), depth + 1, path, redactSensitive);
                    }
                }

                writer.WriteEndObject();
                break;
        }

        path.Remove(value!);
    }

    private static bool IsLeaf(object? value) =>
        value is null or string or bool or Enum or IFormattable || value.GetType().IsPrimitive;

    [RequiresUnreferencedCode(AuditDiff.ReflectionMessage)]
    private static void WriteLeaf(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case double number when !double.IsFinite(number):
                writer.WriteStringValue(AuditDiff.FormatValue(value));
                break;
            case float number when !float.IsFinite(number):
                writer.WriteStringValue(AuditDiff.FormatValue(value));
                break;
            case int or long or short or byte or sbyte or ushort or uint or ulong or decimal or double or float:
                writer.WriteRawValue(AuditDiff.FormatValue(value)!);
                break;
            default:
                writer.WriteStringValue(AuditDiff.FormatValue(value));
                break;
        }
    }
}
