namespace AuditTrail;

/// <summary>The resource an audited action touched.</summary>
/// <param name="Type">The kind of resource, for example <c>server</c>, <c>alert_rule</c>, <c>api_key</c>.</param>
/// <param name="Id">The resource's stable id, when it has one.</param>
/// <param name="Name">The resource's display name, for example "web-01".</param>
public sealed record AuditResource(string Type, string? Id, string? Name);
