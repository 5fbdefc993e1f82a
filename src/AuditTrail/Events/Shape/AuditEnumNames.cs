using System.Collections.Frozen;
using System.Globalization;

namespace AuditTrail;

/// <summary>
/// The names of the record's enum values (<see cref="AuditActorType"/>, <see cref="AuditActionType"/>,
/// <see cref="AuditOutcome"/>) as every stored, hashed and exported form spells them, formatted and parsed in one
/// place and computed once per enum (<see cref="Enum.ToString()"/> allocates a string per call).
/// </summary>
public static class AuditEnumNames
{
    /// <summary>The value's name; an undefined value as its number, as <see cref="Enum.ToString()"/> gives it.</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The name.</returns>
    public static string Format<TEnum>(TEnum value)
        where TEnum : struct, Enum => Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    /// <summary>Parses a defined value's name, ordinally (never a number, unlike <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>).</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="value">The value, when <paramref name="name"/> names one.</param>
    /// <returns>Whether it does.</returns>
    public static bool TryParse<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return name is not null && Names<TEnum>.ByName.TryGetValue(name, out value);
    }

    /// <summary>Parses a defined value's name, ignoring case (never a number).</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="value">The value, when <paramref name="name"/> names one.</param>
    /// <returns>Whether it does.</returns>
    public static bool TryParseIgnoreCase<TEnum>(string? name, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        return name is not null && Names<TEnum>.ByNameIgnoreCase.TryGetValue(name, out value);
    }

    /// <summary>Parses a stored name, or throws <see cref="InvalidDataException"/> naming <paramref name="column"/>: a number or an unknown name means the row was not written by a store of this library.</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="name">The stored name.</param>
    /// <param name="column">The column it was read from, for the message.</param>
    /// <returns>The value.</returns>
    public static TEnum ParseStored<TEnum>(string name, string column)
        where TEnum : struct, Enum => TryParse(name, out TEnum value)
            ? value
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The audit column '{column}' holds '{name}', which is not an {typeof(TEnum).Name} name."));

    private static class Names<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(value => value, value => value.ToString());

        public static readonly FrozenDictionary<string, TEnum> ByName =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

        public static readonly FrozenDictionary<string, TEnum> ByNameIgnoreCase =
            ByValue.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.OrdinalIgnoreCase);
    }
}
