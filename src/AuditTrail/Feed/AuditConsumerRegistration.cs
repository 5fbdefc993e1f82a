using System.Text.RegularExpressions;

namespace AuditTrail;

/// <summary>
/// One consumer registered with <c>AddConsumer</c>: its name (the key of its position in the store) and how its
/// instance is made: resolved from the container (a type), or made by a factory (then its runner owns and disposes it).
/// </summary>
internal sealed partial class AuditConsumerRegistration(string name, Func<IServiceProvider, IAuditConsumer> create, bool ownsConsumer)
{
    /// <summary>The rule a consumer name follows: it is stored as a key and appears in logs, metrics and health.</summary>
    public const string NamePattern = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$";

    public string Name { get; } = name;

    /// <summary>Makes or resolves the consumer.</summary>
    public Func<IServiceProvider, IAuditConsumer> Create { get; } = create;

    /// <summary>Whether the runner disposes the consumer when it stops (a factory's instance belongs to nobody else).</summary>
    public bool OwnsConsumer { get; } = ownsConsumer;

    /// <summary>Why <paramref name="name"/> cannot name a consumer, or <see langword="null"/> when it can.</summary>
    public static string? GetNameProblem(string? name) =>
        name is not null && NameRegex().IsMatch(name)
            ? null
            : $"The consumer name '{name}' is not valid: it must match {NamePattern} (letters, digits, '_', '.', '-', starting with a letter or digit, at most 100 characters).";

    // NamePattern's "$" would also match before a trailing newline: the check ends at the string's end (\z).
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
