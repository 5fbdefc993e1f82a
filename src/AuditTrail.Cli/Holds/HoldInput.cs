using System.Globalization;

namespace AuditTrail.Cli.Holds;

/// <summary>
/// The options of <c>hold add</c> and <c>hold release</c>, checked before the store is opened so that a message names
/// the option; what only the library checks (lengths) is translated from the argument it names.
/// </summary>
internal static class HoldInput
{
    /// <summary>The hold's scope.</summary>
    /// <exception cref="CliUsageException">No part is given, an id is blank, or --from is not before --until.</exception>
    public static AuditLegalHoldScope Scope(string? tenant, string? actor, DateTimeOffset? from, DateTimeOffset? until)
    {
        if (tenant is null && actor is null && from is null && until is null)
        {
            throw new CliUsageException("Give at least one of --tenant, --actor, --from or --until: a hold on everything is not a hold but a stop of retention.");
        }

        if (from is { } start && until is { } end && start >= end)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"Option --from ({start:O}) must be before --until ({end:O})."));
        }

        return new AuditLegalHoldScope
        {
            TenantId = tenant is null ? null : Id("--tenant", tenant),
            ActorId = actor is null ? null : Id("--actor", actor),
            From = from,
            Until = until,
        };
    }

    /// <summary><paramref name="value"/>, which must not be blank.</summary>
    /// <exception cref="CliUsageException">It is blank.</exception>
    public static string Id(string option, string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new CliUsageException($"Option {option} takes an id; it must not be blank.") : value;

    /// <summary>The reason, which must not be blank.</summary>
    /// <exception cref="CliUsageException">It is blank.</exception>
    public static string Reason(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new CliUsageException("Option --reason must not be blank: a hold says why it was placed.") : value;

    /// <summary>The library's refusal of an argument, as the option that gave it; <see langword="null"/> for another argument.</summary>
    public static CliUsageException? Translate(ArgumentException ex) => ex.ParamName switch
    {
        "scope.TenantId" => new CliUsageException($"Option --tenant: {ex.Message}"),
        "scope.ActorId" => new CliUsageException($"Option --actor: {ex.Message}"),
        "scope" or "scope.From" => new CliUsageException($"Options --tenant, --actor, --from, --until: {ex.Message}"),
        "reason" => new CliUsageException($"Option --reason: {ex.Message}"),
        "placedBy" => new CliUsageException($"Option --placed-by: {ex.Message}"),
        "releasedBy" => new CliUsageException($"Option --released-by: {ex.Message}"),
        _ => null,
    };
}
