using System.Text.RegularExpressions;

namespace AuditTrail;

/// <summary>One consumer registered with <c>AddConsumer</c>: its name (the key of its position in the store) and its type.</summary>
internal sealed partial class AuditConsumerRegistration(string name, Type consumerType)
{
    /// <summary>The rule a consumer name follows: it is stored as a key and appears in logs, metrics and health.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$";

    public string Name { get; } = name;

    public Type ConsumerType { get; } = consumerType;

    /// <summary>Why <paramref name="name"/> cannot name a consumer, or <see langword="null"/> when it can.</summary>
    public static string? GetNameProblem(string? name) =>
        name is not null && NameRegex().IsMatch(name)
            ? null
            : $"The consumer name '{name}' is not valid: it must match {NamePattern} (letters, digits, '_', '.', '-', starting with a letter or digit, at most 100 characters).";

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
