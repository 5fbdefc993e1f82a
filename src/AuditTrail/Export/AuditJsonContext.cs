using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>
/// Source-generated JSON metadata for the types the library itself reads and writes (trimming- and AOT-safe):
/// web defaults (camelCase, case-insensitive reading) and enums as their names, the shape of <see cref="AuditJson.Options"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditCheckpoint))]
[JsonSerializable(typeof(AuditFilter))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
