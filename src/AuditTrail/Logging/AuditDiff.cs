using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AuditTrail;

/// <summary>
/// Turns two snapshots of a resource into the list of fields that changed. A snapshot is a dictionary
/// with string keys or any object (its public readable instance properties). Values are compared and
/// recorded as invariant text; a floating-point value that is a whole number keeps one decimal
/// ("1.0"), so that "Changed load_multiplier from 1.0 to 1.5" reads as the user typed it.
/// </summary>
/// <remarks>
/// A property marked <see cref="AuditIgnoreAttribute"/> is left out; one marked <see cref="AuditSensitiveAttribute"/> is
/// compared but recorded as <see cref="AuditFieldChange.Redacted"/>, at any depth (nested objects are recorded as JSON
/// with their sensitive properties redacted, but compared with their values: a nested object whose only change is
/// in a sensitive property is recorded as <see cref="AuditFieldChange.Redacted"/> on both sides). Beyond that the write pipeline redacts sensitive names
/// (<see cref="AuditTrailOptions.SensitiveNames"/>) at every depth of a value before anything is stored.
/// </remarks>
public static class AuditDiff
{
    /// <summary>Why snapshots of arbitrary objects need their properties kept by the trimmer.</summary>
    internal const string ReflectionMessage =
        "AuditDiff reads the public properties of snapshot objects (and of objects nested in them) by reflection; in a trimmed app, keep those types' properties or pass dictionaries.";

    /// <summary>Compares two snapshots field by field, in the order fields appear (before's first, then new ones).</summary>
    /// <param name="before">The snapshot before the change; <see langword="null"/> for a creation.</param>
    /// <param name="after">The snapshot after the change; <see langword="null"/> for a deletion.</param>
    /// <returns>One change per field whose text differs.</returns>
    /// <exception cref="ArgumentException">A snapshot is a single value (a string, a number) or a list, which has no fields.</exception>
    [RequiresUnreferencedCode(ReflectionMessage)]
    public static IReadOnlyList<AuditFieldChange> Between(object? before, object? after)
    {
        var sensitive = new HashSet<string>(StringComparer.Ordinal);
        var old = Snapshot(before, sensitive, nameof(before));
        var current = Snapshot(after, sensitive, nameof(after));
        var changes = new List<AuditFieldChange>();
        foreach (var (field, oldValue) in old)
        {
            var newValue = current.TryGetValue(field, out var value) ? value : default;
            if (!string.Equals(oldValue.Compared, newValue.Compared, StringComparison.Ordinal))
            {
                changes.Add(Change(field, oldValue, newValue, sensitive));
            }
        }

        foreach (var (field, newValue) in current)
        {
            if (!old.ContainsKey(field) && newValue.Compared is not null)
            {
                changes.Add(Change(field, default, newValue, sensitive));
            }
        }

        return changes;
    }

    // A field whose recorded (redacted) texts are equal although its values differ changed only in sensitive
    // properties nested in it: it is recorded like a sensitive field, so that the change is never lost.
    private static AuditFieldChange Change(string field, FieldText oldValue, FieldText newValue, HashSet<string> sensitive) =>
        sensitive.Contains(field) || string.Equals(oldValue.Recorded, newValue.Recorded, StringComparison.Ordinal)
            ? new AuditFieldChange(field, oldValue.Recorded is null ? null : AuditFieldChange.Redacted, newValue.Recorded is null ? null : AuditFieldChange.Redacted)
            : new AuditFieldChange(field, oldValue.Recorded, newValue.Recorded);

    /// <summary>A field's text as recorded (sensitive nested properties redacted) and as compared (with their values).</summary>
    private readonly record struct FieldText(string? Recorded, string? Compared)
    {
        public static FieldText Of(string? text) => new(text, text);

        [RequiresUnreferencedCode(ReflectionMessage)]
        public static FieldText Of(object? value) => value is string or null
            ? Of(value as string)
            : new FieldText(FormatValue(value), FormatForComparison(value));
    }

    /// <summary>Formats one value as the invariant text the diff records.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, or <see langword="null"/> for a null value.</returns>
    [RequiresUnreferencedCode(ReflectionMessage)]
    public static string? FormatValue(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => FormatFloating(d),
        float f => FormatFloating(f),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        // ISO 8601 as well: the invariant culture's default would write 03/01/2026 and drop a time's seconds.
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => AuditSnapshotJson.Write(value),
    };

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static string? FormatForComparison(object? value) => value switch
    {
        null or string or bool or double or float or DateTime or DateTimeOffset or DateOnly or TimeOnly or Enum or IFormattable => FormatValue(value),
        _ => AuditSnapshotJson.Write(value, redactSensitive: false),
    };

    private static string FormatFloating(double value) =>
        double.IsFinite(value) && Math.Abs(value) < 1e15 && value == Math.Floor(value)
            ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    [RequiresUnreferencedCode(ReflectionMessage)]
    private static Dictionary<string, FieldText> Snapshot(object? source, HashSet<string> sensitive, string paramName)
    {
        var fields = new Dictionary<string, FieldText>(StringComparer.Ordinal);
        switch (source)
        {
            case null:
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    fields[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = FieldText.Of(entry.Value);
                }

                break;
            case IEnumerable<KeyValuePair<string, string?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    fields[key] = FieldText.Of(value);
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    fields[key] = FieldText.Of(value);
                }

                break;
            case string or IFormattable or IConvertible or IEnumerable:
                // A single value or a list has no fields: its properties (a string's Length, a list's Count) would be recorded as if they were.
                throw new ArgumentException(
                    $"A snapshot is a dictionary with string keys or an object with properties; {source.GetType().Name} is a single value or a list. Record such a change as an {nameof(AuditFieldChange)}.",
                    paramName);
            default:
                foreach (var (property, isSensitive) in AuditSnapshotJson.RecordedProperties(source.GetType()))
                {
                    fields[property.Name] = FieldText.Of(Read(property, source));
                    if (isSensitive)
                    {
                        sensitive.Add(property.Name);
                    }
                }

                break;
        }

        return fields;
    }

    /// <summary>A property's value; a getter that throws surfaces its own exception, not the reflection wrapper.</summary>
    private static object? Read(System.Reflection.PropertyInfo property, object source)
    {
        try
        {
            return property.GetValue(source);
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
