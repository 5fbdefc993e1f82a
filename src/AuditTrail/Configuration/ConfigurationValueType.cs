using System.Globalization;

namespace AuditTrail;

/// <summary>
/// A type the configuration binder converts a value to, checked as the binder converts it (invariant culture, enum
/// names ignoring case), so that a value it would drop from a collection can be named instead.
/// </summary>
internal sealed class ConfigurationValueType
{
    private readonly string name;
    private readonly string description;
    private readonly Func<string, bool> converts;

    private ConfigurationValueType(string name, string description, Func<string, bool> converts)
    {
        this.name = name;
        this.description = description;
        this.converts = converts;
    }

    public static ConfigurationValueType TimeOnly { get; } =
        new("TimeOnly", "a time of day such as 07:30", v => System.TimeOnly.TryParse(v, CultureInfo.InvariantCulture, out _));

    public static ConfigurationValueType DateTimeOffset { get; } =
        new("DateTimeOffset", "such as 2026-12-01T22:00:00Z", v => System.DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, out _));

    /// <summary>An <see cref="int"/>, in the forms the binder's converter reads: decimal, or hexadecimal after <c>0x</c>, <c>&amp;h</c> or <c>#</c>.</summary>
    public static ConfigurationValueType Int32 { get; } = new("Int32", "a whole number", ConvertsToInt32);

    public static ConfigurationValueType Enum<T>()
        where T : struct, Enum =>
        new(typeof(T).Name, string.Join(", ", System.Enum.GetNames<T>()), v => System.Enum.TryParse<T>(v, ignoreCase: true, out _));

    /// <summary>A <see cref="System.TimeSpan"/>, its example written as the binder reads it ("90.00:00:00 for 90 days").</summary>
    public static ConfigurationValueType TimeSpan(string example) =>
        new("TimeSpan", "such as " + example, v => System.TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out _));

    public bool Converts(string value) => converts(value);

    private static bool ConvertsToInt32(string value)
    {
        var text = value.Trim();
        var hex = text.StartsWith('#') ? text[1..]
            : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || text.StartsWith("&h", StringComparison.OrdinalIgnoreCase) ? text[2..]
            : null;
        return hex is null
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
            : int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>"an AuditActionType (Authentication, …)": how an error names what the value is not.</summary>
    public override string ToString() => $"{("AEIOU".Contains(name[0], StringComparison.Ordinal) ? "an" : "a")} {name} ({description})";
}
