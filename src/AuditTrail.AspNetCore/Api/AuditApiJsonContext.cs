using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The generated JSON code of the HTTP API's answers, with the options of <see cref="AuditJson.Options"/> (web
/// defaults, enums as names, the default encoder): records have the same shape as in the JSON Lines export.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(AuditChainPositionResponse))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(AuditPageResponse))]
[JsonSerializable(typeof(AuditFacetsResponse))]
[JsonSerializable(typeof(AuditCountResponse))]
[JsonSerializable(typeof(AuditHistogram))]
[JsonSerializable(typeof(AuditVerifyResponse))]
[JsonSerializable(typeof(AuditReviewReport))]
[JsonSerializable(typeof(AuditLegalHold))]
[JsonSerializable(typeof(IReadOnlyList<AuditLegalHold>))]
[JsonSerializable(typeof(AuditHoldRequest))]
internal sealed partial class AuditApiJsonContext : JsonSerializerContext;
