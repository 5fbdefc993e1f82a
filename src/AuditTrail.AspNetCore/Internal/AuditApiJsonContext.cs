using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditTrail.AspNetCore.Internal;

/// <summary>
/// Source-generated JSON metadata (trimming- and AOT-safe) for the HTTP API's answers, with the options of
/// <see cref="AuditJson.Options"/>: web defaults and enums as their names, the record shape of the JSON Lines export.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditFacetsResponse))]
[JsonSerializable(typeof(AuditVerifyResponse))]
internal sealed partial class AuditApiJsonContext : JsonSerializerContext;
