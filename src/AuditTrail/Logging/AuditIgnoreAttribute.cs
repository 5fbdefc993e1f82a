namespace AuditTrail;

/// <summary>Marks a property that <see cref="AuditDiff"/> leaves out of a snapshot: its changes are not recorded at all.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class AuditIgnoreAttribute : Attribute;
