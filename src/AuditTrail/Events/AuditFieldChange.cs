namespace AuditTrail;

/// <summary>One field of a resource that an update changed.</summary>
/// <param name="Field">The field name, for example <c>load_multiplier</c>.</param>
/// <param name="OldValue">The value before, as text; <see langword="null"/> when the field was absent or null.</param>
/// <param name="NewValue">The value after, as text; <see langword="null"/> when the field was removed or null.</param>
/// <remarks>
/// When <paramref name="Field"/> names sensitive data, both values are stored as <see cref="AuditFieldChange.Redacted"/>:
/// the trail shows that the field changed, never its values.
/// </remarks>
public sealed record AuditFieldChange(string Field, string? OldValue, string? NewValue)
{
    /// <summary>The text stored in place of a sensitive value.</summary>
    public const string Redacted = "[REDACTED]";
}
