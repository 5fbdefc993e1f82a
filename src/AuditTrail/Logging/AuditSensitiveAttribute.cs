namespace AuditTrail;

/// <summary>
/// Marks a property whose value <see cref="AuditDiff"/> must never record: a change of it is recorded with both values
/// <see cref="AuditFieldChange.Redacted"/> ("Changed ApiKey"), at any depth of a snapshot.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class AuditSensitiveAttribute : Attribute;
