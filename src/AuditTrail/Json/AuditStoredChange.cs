using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>One change as the stores keep it in their changes column: <c>{"field": ..., "old": ..., "new": ...}</c>, in that order.</summary>
internal readonly record struct AuditStoredChange(
    [property: JsonPropertyName(AuditStoredJson.ChangeFieldName)] string Field,
    [property: JsonPropertyName(AuditStoredJson.ChangeOldValueName)] string? Old,
    [property: JsonPropertyName(AuditStoredJson.ChangeNewValueName)] string? New);
