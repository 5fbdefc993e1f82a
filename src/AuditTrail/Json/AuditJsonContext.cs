using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>
/// The generated JSON metadata and serialization code of every type the library writes or reads as JSON (AOT- and
/// trimming-safe, no reflection): web defaults (camelCase names), enums as their names. <see cref="AuditJson"/> and
/// <see cref="AuditStoredJson"/> are its public faces.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(IReadOnlyList<AuditFieldChange>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(AuditStoredChange[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(AuditCheckpoint))]
[JsonSerializable(typeof(AuditArchiveManifest))]
[JsonSerializable(typeof(AuditFilter))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
