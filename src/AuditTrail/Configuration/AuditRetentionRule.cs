namespace AuditTrail;

/// <summary>
/// A retention period for one category of records: those of an action type, an action code prefix and/or a tenant
/// (every criterion set must match). Among the rules that match a record the longest period wins; a record no rule
/// matches is kept for <see cref="AuditRetentionOptions.Period"/>.
/// </summary>
public sealed class AuditRetentionRule
{
    /// <summary>The action type the rule applies to, or <see langword="null"/> for any.</summary>
    public AuditActionType? ActionType { get; set; }

    /// <summary>The prefix of the action codes the rule applies to (ordinal, e.g. <c>"auth."</c>), or <see langword="null"/> for any. Not empty when set.</summary>
    public string? ActionCodePrefix { get; set; }

    /// <summary>The tenant the rule applies to (exact), or <see langword="null"/> for any. Not empty when set.</summary>
    public string? TenantId { get; set; }

    /// <summary>How long the matching records are kept, from <see cref="AuditRecord.OccurredAt"/>; <see langword="null"/> keeps them forever. 1 day to 1000 years when set.</summary>
    public TimeSpan? Period { get; set; }

    /// <summary>Whether the rule applies to a record of this action type, action code and tenant.</summary>
    /// <param name="actionType">The record's action type.</param>
    /// <param name="action">The record's action code.</param>
    /// <param name="tenantId">The record's tenant, if any.</param>
    /// <returns><see langword="true"/> when every criterion the rule sets matches.</returns>
    public bool Matches(AuditActionType actionType, string action, string? tenantId) =>
        (ActionType is not { } type || type == actionType)
        && (ActionCodePrefix is not { } prefix || (action ?? string.Empty).StartsWith(prefix, StringComparison.Ordinal))
        && (TenantId is not { } tenant || string.Equals(tenant, tenantId, StringComparison.Ordinal));
}
