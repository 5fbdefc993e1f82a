using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// Turns two snapshots of a resource into the list of fields that changed. A snapshot is a dictionary
/// with string keys or any object (its public readable instance properties). Values are compared and
/// recorded as invariant text; a floating-point value that is a whole number keeps one decimal
/// ("1.0"), so that "Changed load_multiplier from 1.0 to 1.5" reads as the user typed it.
/// </summary>
/// <remarks>
/// The diff records raw values; the write pipeline redacts the values of sensitive field names
/// (<see cref="AuditTrailOptions.SensitiveNames"/>) before anything is stored.
/// </remarks>
public static class AuditDiff
{
    private const string ReflectionMessage =
        "Reads the public properties of snapshot objects and writes values of types it does not know as JSON, both by reflection. " +
        "In a trimmed or native AOT app pass dictionaries of values the diff can format (strings, numbers, dates, enums, IFormattable).";

    /// <summary>Compares two snapshots field by field, in the order fields appear (before's first, then new ones).</summary>
    /// <param name="before">The snapshot before the change; <see langword="null"/> for a creation.</param>
    /// <param name="after">The snapshot after the change; <see langword="null"/> for a deletion.</param>
    /// <returns>One change per field whose text differs.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static IReadOnlyList<AuditFieldChange> Between(object? before, object? after)
    {
        var old = Snapshot(before);
        var current = Snapshot(after);
        var changes = new List<AuditFieldChange>();
        foreach (var (field, oldValue) in old)
        {
            var newValue = current.TryGetValue(field, out var value) ? value : null;
            if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
            {
                changes.Add(new AuditFieldChange(field, oldValue, newValue));
            }
        }

        foreach (var (field, newValue) in current)
        {
            if (!old.ContainsKey(field) && newValue is not null)
            {
                changes.Add(new AuditFieldChange(field, null, newValue));
            }
        }

        return changes;
    }

    /// <summary>Formats one value as the invariant text the diff records.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> for a null value.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    public static string? FormatValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatFloating(d),
        float f => FormatFloating(f),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, value.GetType()),
    };

    private static string FormatFloating(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 && value == Math.Floor(value)
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    [RequiresUnreferencedCode(ReflectionMessage)]
    [RequiresDynamicCode(ReflectionMessage)]
    private static Dictionary<string, string?> Snapshot(object? source)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (source)
        {
            case null:
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    fields[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FormatValue(entry.Value);
                }

                break;
            case IEnumerable<KeyValuePair<string, string?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    fields[key] = value;
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    fields[key] = FormatValue(value);
                }

                break;
            default:
                foreach (var property in source.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.CanRead && property.GetIndexParameters().Length == 0)
                    {
                        fields[property.Name] = FormatValue(property.GetValue(source));
                    }
                }

                break;
        }

        return fields;
    }
}
