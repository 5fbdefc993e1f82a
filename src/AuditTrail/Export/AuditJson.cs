using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>
/// The JSON shape of audit records everywhere the library writes JSON (JSON Lines export, the HTTP API):
/// camelCase names, enums as their names, times in ISO 8601 UTC.
/// </summary>
public static class AuditJson
{
    /// <summary>The shared, read-only serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Escape markup-significant characters so JSON embedded in a page cannot break out of it.
            Encoder = JavaScriptEncoder.Default,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
