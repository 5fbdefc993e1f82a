using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Redacts sensitive names inside a value that holds JSON: the value of every object property whose name is
/// sensitive becomes <see cref="AuditFieldChange.Redacted"/>, at any depth, in arrays, and inside string values that
/// themselves hold a JSON object or array; JSON nested deeper than <see cref="MaxDepth"/> levels that holds a sensitive
/// name becomes <see cref="AuditFieldChange.Redacted"/> as a whole. A value that is not JSON, or holds nothing
/// sensitive, is returned as it is.
/// </summary>
internal static class SensitiveJsonRedactor
{
    private const int MaxDepth = 64;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Redact(string value, SensitiveNames names)
    {
        if (!LooksLikeJson(value))
        {
            return value;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            // Deeper than the document is parsed to: too deep to rewrite, so a secret anywhere in it redacts it whole.
            return IsJsonNamingSomethingSensitive(value, names) ? AuditFieldChange.Redacted : value;
        }

        using (document)
        {
            if (!ContainsSensitive(document.RootElement, names, depth: 0))
            {
                return value;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                Write(writer, document.RootElement, names, depth: 0);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }

    /// <summary>
    /// Whether <paramref name="value"/> is well-formed JSON, at any depth (read token by token, without recursion), with a
    /// sensitive property name or a string holding sensitive JSON. Text that is not JSON is not: it is stored as given.
    /// </summary>
    private static bool IsJsonNamingSomethingSensitive(string value, SensitiveNames names)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(value), new JsonReaderOptions { MaxDepth = int.MaxValue });
        var sensitive = false;
        try
        {
            while (reader.Read())
            {
                sensitive |= reader.TokenType switch
                {
                    JsonTokenType.PropertyName => names.IsSensitive(reader.GetString()!),
                    JsonTokenType.String when !sensitive => HoldsSensitiveJson(reader.GetString()!, names),
                    _ => false,
                };
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return sensitive;
    }

    private static bool LooksLikeJson(string value)
    {
        var text = value.AsSpan().TrimStart();
        return text.Length > 1 && text[0] is '{' or '[';
    }

    private static bool ContainsSensitive(JsonElement element, SensitiveNames names, int depth) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(property =>
            names.IsSensitive(property.Name) || ContainsSensitive(property.Value, names, depth + 1)),
        JsonValueKind.Array => element.EnumerateArray().Any(item => ContainsSensitive(item, names, depth + 1)),
        JsonValueKind.String when depth < MaxDepth => HoldsSensitiveJson(element.GetString()!, names),
        _ => false,
    };

    /// <summary><see cref="Redact"/> returns the very instance it was given when it changed nothing.</summary>
    private static bool HoldsSensitiveJson(string text, SensitiveNames names) => !ReferenceEquals(Redact(text, names), text);

    private static void Write(Utf8JsonWriter writer, JsonElement element, SensitiveNames names, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (names.IsSensitive(property.Name))
                    {
                        writer.WriteStringValue(AuditFieldChange.Redacted);
                    }
                    else
                    {
                        Write(writer, property.Value, names, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item, names, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String when depth < MaxDepth:
                writer.WriteStringValue(Redact(element.GetString()!, names));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
