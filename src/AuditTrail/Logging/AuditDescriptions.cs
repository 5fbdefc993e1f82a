using System.Text;

namespace AuditTrail;

/// <summary>Renders the human-readable description of a list of changes, as the audit page shows it.</summary>
public static class AuditDescriptions
{
    /// <summary>
    /// Describes changes: "Changed load_multiplier from 1.0 to 1.5", "Set region to eu-west",
    /// "Cleared notes (was old text)", "Changed password" for a redacted field; several are joined by "; ".
    /// </summary>
    /// <param name="changes">The changes.</param>
    /// <returns>The description, or <see langword="null"/> when there are no changes.</returns>
    public static string? Describe(IReadOnlyList<AuditFieldChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var change in changes)
        {
            if (text.Length > 0)
            {
                text.Append("; ");
            }

            text.Append(Describe(change));
        }

        return text.ToString();
    }

    /// <summary>Describes one change.</summary>
    /// <param name="change">The change.</param>
    /// <returns>The description.</returns>
    public static string Describe(AuditFieldChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.OldValue == AuditFieldChange.Redacted || change.NewValue == AuditFieldChange.Redacted)
        {
            return $"Changed {change.Field}";
        }

        return (change.OldValue, change.NewValue) switch
        {
            (null, null) => $"Changed {change.Field}",
            (null, var added) => $"Set {change.Field} to {added}",
            (var removed, null) => $"Cleared {change.Field} (was {removed})",
            var (from, to) => $"Changed {change.Field} from {from} to {to}",
        };
    }
}
