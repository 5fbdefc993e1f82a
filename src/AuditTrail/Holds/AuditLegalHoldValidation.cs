namespace AuditTrail;

/// <summary>The rules of a hold's scope, reason and actor, each broken rule an exception that names the argument.</summary>
internal static class AuditLegalHoldValidation
{
    /// <summary>The longest reason accepted.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>The longest actor id accepted in a scope: what a record keeps (<see cref="AuditLimits.ActorId"/>).</summary>
    public const int MaxIdLength = AuditLimits.ActorId;

    /// <summary>
    /// The longest tenant id accepted in a scope: what a record keeps (<see cref="AuditLimits.TenantId"/>). A longer one
    /// is cut and marked in the record, so a hold on it would match nothing and keep nothing.
    /// </summary>
    public const int MaxTenantIdLength = AuditLimits.TenantId;

    public static void ThrowIfInvalid(AuditLegalHoldScope scope, string reason, AuditActor placedBy)
    {
        foreach (var (argument, message) in GetProblems(scope, reason))
        {
            throw new ArgumentException(message, argument);
        }

        ThrowIfInvalid(placedBy, nameof(placedBy));
    }

    public static void ThrowIfInvalid(AuditActor actor, string argument)
    {
        ArgumentNullException.ThrowIfNull(actor, argument);
        if (string.IsNullOrWhiteSpace(actor.Id))
        {
            throw new ArgumentException($"{argument}.Id must not be empty: a hold records who placed or released it.", argument);
        }
    }

    /// <summary>Every problem of a hold request, each with the name of the argument (or scope part) at fault.</summary>
    public static IEnumerable<(string Argument, string Message)> GetProblems(AuditLegalHoldScope? scope, string? reason)
    {
        if (scope is null)
        {
            yield return ("scope", "scope is required: a hold keeps a tenant, an actor and/or a time range.");
        }
        else
        {
            if (scope.TenantId is null && scope.ActorId is null && scope.From is null && scope.Until is null)
            {
                yield return ("scope", "scope must set at least one of TenantId, ActorId, From or Until: a hold on everything is not a hold but a stop of retention.");
            }

            foreach (var (name, value, max) in new[] { ("scope.TenantId", scope.TenantId, MaxTenantIdLength), ("scope.ActorId", scope.ActorId, MaxIdLength) })
            {
                if (value is not null && (string.IsNullOrWhiteSpace(value) || value.Length > max))
                {
                    yield return (name, $"{name} must be null or 1 to {max} characters, not blank.");
                }
                else if (value is not null && AuditLimits.StorageProblem(value, max) is { } problem)
                {
                    // Records store a NUL or a lone surrogate as U+FFFD: a hold on the value as given would keep nothing.
                    yield return (name, $"{name} {problem}, so a hold on it would keep no record.");
                }
            }

            if (scope.From is { } from && scope.Until is { } until && from >= until)
            {
                yield return ("scope.From", $"scope.From ({from:O}) must be before scope.Until ({until:O}).");
            }
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            yield return ("reason", $"reason must be 1 to {MaxReasonLength} characters, not blank: a hold says why it was placed.");
        }
    }
}
