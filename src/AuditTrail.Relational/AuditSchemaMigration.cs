namespace AuditTrail.Relational;

/// <summary>One step of the audit schema: the statements that take it from <c>Version - 1</c> to <see cref="Version"/>.</summary>
/// <param name="Version">The schema version this step produces; the first step is 1 and each next one adds 1.</param>
/// <param name="Description">What the step does, stored beside the version.</param>
/// <param name="Statements">The DDL statements, run in order inside the schema transaction.</param>
public sealed record AuditSchemaMigration(int Version, string Description, IReadOnlyList<string> Statements);
