using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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

        // The library's own types through source-generated metadata; other types by reflection where the app
        // allows it (a trimmed or native AOT app turns reflection off, and only the library's types remain).
        if (JsonSerializer.IsReflectionEnabledByDefault)
        {
            AddReflection(options);
        }
        else
        {
            options.TypeInfoResolver = AuditJsonContext.Default;
        }

        options.MakeReadOnly();
        return options;
    }

    // ASP.NET Core's JsonOptions do the same: the feature switch is off in trimmed and native AOT apps, where the
    // trimmer removes this call.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Called only when JsonSerializer.IsReflectionEnabledByDefault.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Called only when JsonSerializer.IsReflectionEnabledByDefault.")]
    private static void AddReflection(JsonSerializerOptions options)
    {
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(AuditJsonContext.Default, new DefaultJsonTypeInfoResolver());
        options.Converters.Add(new JsonStringEnumConverter());
    }

    /// <summary>The metadata of one of the library's types in <see cref="Options"/>.</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
